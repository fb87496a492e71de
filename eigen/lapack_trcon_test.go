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

// TestDtrcon runs gonum's Dtrcon suite on Implementation with gonum's BLAS
// and with ours, and compares the estimate with gonum's Dtrcon on larger
// triangles: well scaled (latrs's plain solve: the same estimate to
// rounding) and with a diagonal so small that the plain solve overflows
// (gonum's scaling Dlatrs takes over: the same estimate).
func TestDtrcon(t *testing.T) {
	impl := Implementation{}
	for _, backend := range []string{"gonum", "directpred"} {
		if backend == "directpred" {
			prev := blas64.Implementation()
			blas64.Use(kernels.Implementation{})
			defer blas64.Use(prev)
		}
		t.Run(backend+"/testlapack", func(t *testing.T) { testlapack.DtrconTest(t, impl) })
		rnd := rand.New(rand.NewPCG(7, 8))
		for _, n := range []int{1, 7, 64, 301} {
			for _, tiny := range []bool{false, true} {
				for _, uplo := range []blas.Uplo{blas.Upper, blas.Lower} {
					for _, diag := range []blas.Diag{blas.NonUnit, blas.Unit} {
						for _, norm := range []lapack.MatrixNorm{lapack.MaxColumnSum, lapack.MaxRowSum} {
							lda := n + 2
							a := make([]float64, (n-1)*lda+n)
							for i := range a {
								a[i] = rnd.NormFloat64()
							}
							if tiny {
								for i := 0; i < n; i++ {
									a[i*lda+i] = 1e-200 * (1 + rnd.Float64())
								}
							}
							got := impl.Dtrcon(norm, uplo, diag, n, a, lda, make([]float64, 3*n), make([]int, n))
							want := gonum.Implementation{}.Dtrcon(norm, uplo, diag, n, a, lda, make([]float64, 3*n), make([]int, n))
							name := fmt.Sprintf("%s/n=%d/tiny=%v/%c%c%c", backend, n, tiny, uplo, diag, norm)
							if math.Abs(got-want) > 1e-8*want {
								t.Errorf("%s: rcond = %v, gonum %v", name, got, want)
							}
						}
					}
				}
			}
		}
	}
}
