package eigen_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"github.com/directpred/directpred/eigen"
)

// A Sym is reused across solves of the same order without allocating.
func ExampleSym() {
	a := []float64{
		2, 0, 0, // only the lower triangle is read
		1, 2, 0,
		0, 1, 2,
	}
	var s eigen.Sym[float64]
	if !s.Factorize(a, 3, 3, true) {
		fmt.Println("no convergence or non-finite input")
		return
	}
	fmt.Printf("%.4f\n", s.Values(nil))
	v := make([]float64, 9)
	s.VectorsTo(v, 3) // column j is the eigenvector of Values()[j]
	// Eigenvectors are defined up to sign; print the middle one's magnitudes.
	fmt.Printf("%.4f\n", []float64{math.Abs(v[0*3+1]), math.Abs(v[1*3+1]), math.Abs(v[2*3+1])})
	// Output:
	// [0.5858 2.0000 3.4142]
	// [0.7071 0.0000 0.7071]
}

// Implementation makes gonum's mat.EigenSym use this package's solver.
func ExampleImplementation() {
	lapack64.Use(eigen.Implementation{})
	defer lapack64.Use(gonum.Implementation{})

	a := mat.NewSymDense(3, []float64{
		2, 1, 0,
		1, 2, 1,
		0, 1, 2,
	})
	var es mat.EigenSym
	fmt.Println(es.Factorize(a, true))
	fmt.Printf("%.4f\n", es.Values(nil))
	// Output:
	// true
	// [0.5858 2.0000 3.4142]
}
