package kernels_test

import (
	"fmt"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"

	"github.com/directpred/directpred/kernels"
)

// Installing Implementation as gonum's BLAS makes every mat and lapack
// operation that reaches BLAS — here mat.Dense.Mul through Dgemm — run on
// this package's kernels.
func Example() {
	blas64.Use(kernels.Implementation{})
	defer blas64.Use(gonum.Implementation{}) // restore gonum's native BLAS

	a := mat.NewDense(2, 3, []float64{
		1, 2, 3,
		4, 5, 6,
	})
	b := mat.NewDense(3, 2, []float64{
		7, 8,
		9, 10,
		11, 12,
	})
	var c mat.Dense
	c.Mul(a, b) // blas64.Gemm → kernels.Implementation.Dgemm
	fmt.Printf("%v\n", mat.Formatted(&c))
	_, ours := blas64.Implementation().(kernels.Implementation)
	fmt.Println("BLAS is kernels.Implementation:", ours)
	// Output:
	// ⎡ 58   64⎤
	// ⎣139  154⎦
	// BLAS is kernels.Implementation: true
}

// A Covariance accumulates the statistics of feature batches; here the
// exponential moving average of DirectPred's F̂ = E[f fᵀ].
func ExampleCovariance() {
	const d = 2
	acc := kernels.NewEMACovariance[float32](d, 0.5)
	acc.Add([]float32{1, 0, 3, 2})       // two samples: (1, 0), (3, 2)
	acc.Add([]float32{0, 1, 0, 1, 0, 1}) // three samples: (0, 1) each
	fmt.Printf("%.4g\n", acc.Mean(nil))
	fmt.Printf("%.4g\n", acc.SecondMoment(nil))
	fmt.Printf("%.4g\n", acc.Covariance(nil))
	// Output:
	// [1 1]
	// [2.5 1.5 1.5 1.5]
	// [1.5 0.5 0.5 0.5]
}
