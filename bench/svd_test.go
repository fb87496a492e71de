package bench

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	lapackgonum "gonum.org/v1/gonum/lapack/gonum"

	"github.com/directpred/directpred/eigen"
	"github.com/directpred/directpred/kernels"
)

// BenchmarkDbdsqr times the bidiagonal SVD with both singular-vector
// matrices (U and Vᵀ start as the identity): gonum's Dbdsqr ("gonum",
// its Dlasr on the columns of U) against eigen.Implementation's
// ("directpred"), our BLAS installed for both. The bidiagonal is the one
// Dgebrd makes of a random n×n matrix, so the sweeps are those of an SVD.
// Each iteration includes copying d, e, U and Vᵀ.
//
//	GOMAXPROCS=1 go test -run XXX -bench Dbdsqr -benchtime 3x -count 5 ./bench/
func BenchmarkDbdsqr(b *testing.B) {
	prev := blas64.Implementation()
	blas64.Use(kernels.Implementation{})
	defer blas64.Use(prev)
	for _, n := range []int{250, 1000} {
		a := randFloats(n * n)
		d0, e0 := make([]float64, n), make([]float64, n-1)
		tauq, taup := make([]float64, n), make([]float64, n)
		work := make([]float64, 1)
		g := lapackgonum.Implementation{}
		g.Dgebrd(n, n, a, n, d0, e0, tauq, taup, work, -1)
		work = make([]float64, int(work[0]))
		g.Dgebrd(n, n, a, n, d0, e0, tauq, taup, work, len(work))
		ident := make([]float64, n*n)
		for i := 0; i < n; i++ {
			ident[i*n+i] = 1
		}
		d, e := make([]float64, n), make([]float64, n-1)
		u, vt := make([]float64, n*n), make([]float64, n*n)
		work = make([]float64, 4*n)
		for _, backend := range []string{"gonum", "directpred"} {
			var impl interface {
				Dbdsqr(uplo blas.Uplo, n, ncvt, nru, ncc int, d, e, vt []float64, ldvt int, u []float64, ldu int, c []float64, ldc int, work []float64) bool
			} = g
			if backend == "directpred" {
				impl = eigen.Implementation{}
			}
			b.Run(fmt.Sprintf("n=%d/%s", n, backend), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					copy(d, d0)
					copy(e, e0)
					copy(u, ident)
					copy(vt, ident)
					if !impl.Dbdsqr(blas.Upper, n, n, n, 0, d, e, vt, n, u, n, nil, 1, work) {
						b.Fatal("Dbdsqr failed")
					}
				}
			})
		}
	}
}
