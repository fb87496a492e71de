package eigen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/directpred/directpred/kernels"
)

// TestDgeconDpocon runs gonum's Dgecon and Dpocon suites on Implementation
// with gonum's BLAS and with ours, and compares both estimates with
// gonum's on larger factors: well scaled (latrs's plain solves) and with a
// diagonal so small that the plain solves overflow (gonum's scaling Dlatrs
// takes over).
func TestDgeconDpocon(t *testing.T) {
	impl := Implementation{}
	g := gonum.Implementation{}
	for _, backend := range []string{"gonum", "directpred"} {
		if backend == "directpred" {
			prev := blas64.Implementation()
			blas64.Use(kernels.Implementation{})
			defer blas64.Use(prev)
		}
		t.Run(backend+"/testlapack", func(t *testing.T) {
			testlapack.DgeconTest(t, impl)
			testlapack.DpoconTest(t, impl)
		})
		rnd := rand.New(rand.NewPCG(9, 10))
		for _, n := range []int{1, 7, 64, 301} {
			for _, tiny := range []bool{false, true} {
				lda := n + 1
				a := make([]float64, (n-1)*lda+n)
				for i := range a {
					a[i] = rnd.NormFloat64()
				}
				for i := 0; i < n; i++ {
					a[i*lda+i] = float64(n) + rnd.Float64()
					if tiny {
						a[i*lda+i] = 1e-200 * (1 + rnd.Float64())
					}
				}
				for _, norm := range []lapack.MatrixNorm{lapack.MaxColumnSum, lapack.MaxRowSum} {
					got := impl.Dgecon(norm, n, a, lda, 3.5, make([]float64, 4*n), make([]int, n))
					want := g.Dgecon(norm, n, a, lda, 3.5, make([]float64, 4*n), make([]int, n))
					if math.Abs(got-want) > 1e-8*want {
						t.Errorf("%s Dgecon n=%d tiny=%v %c: rcond = %v, gonum %v", backend, n, tiny, norm, got, want)
					}
				}
				for _, uplo := range []blas.Uplo{blas.Upper, blas.Lower} {
					got := impl.Dpocon(uplo, n, a, lda, 3.5, make([]float64, 3*n), make([]int, n))
					want := g.Dpocon(uplo, n, a, lda, 3.5, make([]float64, 3*n), make([]int, n))
					name := fmt.Sprintf("%s Dpocon n=%d tiny=%v %c", backend, n, tiny, uplo)
					if math.Abs(got-want) > 1e-8*want {
						t.Errorf("%s: rcond = %v, gonum %v", name, got, want)
					}
				}
			}
		}
	}
}
