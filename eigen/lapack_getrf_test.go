package eigen

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/directpred/directpred/kernels"
)

// TestDgetrf runs gonum's Dgetrf, Dgetri and Dgetrs suites on
// Implementation, then checks the recursive factorization above its
// threshold: P·L·U reproduces A to a backward-error bound, pivots agree
// with gonum's blocked Dgetrf on a matrix without near ties, and singular
// input reports ok = false.
func TestDgetrf(t *testing.T) {
	impl := Implementation{}
	t.Run("testlapack", func(t *testing.T) {
		testlapack.DgetrfTest(t, impl)
		testlapack.DgetriTest(t, impl)
		testlapack.DgetrsTest(t, impl)
	})
	for _, backend := range []string{"gonum", "directpred"} {
		if backend == "directpred" {
			prev := blas64.Implementation()
			blas64.Use(kernels.Implementation{})
			defer blas64.Use(prev)
		}
		rnd := rand.New(rand.NewPCG(1, 2))
		for _, sz := range [][2]int{{64, 64}, {100, 70}, {70, 130}, {257, 257}} {
			m, n := sz[0], sz[1]
			lda := n + 3
			a := make([]float64, (m-1)*lda+n)
			for i := range a {
				a[i] = rnd.NormFloat64()
			}
			lu := append([]float64(nil), a...)
			ipiv := make([]int, min(m, n))
			if !impl.Dgetrf(m, n, lu, lda, ipiv) {
				t.Fatalf("%s %dx%d: ok = false for a random matrix", backend, m, n)
			}
			ref := append([]float64(nil), a...)
			refPiv := make([]int, min(m, n))
			gonum.Implementation{}.Dgetrf(m, n, ref, lda, refPiv)
			for i := range ipiv {
				if ipiv[i] != refPiv[i] {
					t.Fatalf("%s %dx%d: ipiv[%d] = %d, gonum %d", backend, m, n, i, ipiv[i], refPiv[i])
				}
			}
			// P·A (rows swapped in order) against L·U.
			pa := append([]float64(nil), a...)
			for i, p := range ipiv {
				for j := 0; j < n; j++ {
					pa[i*lda+j], pa[p*lda+j] = pa[p*lda+j], pa[i*lda+j]
				}
			}
			for i := 0; i < m; i++ {
				for j := 0; j < n; j++ {
					var s, g float64
					for k := 0; k <= min(i, j, min(m, n)-1); k++ {
						l := lu[i*lda+k]
						if k == i {
							l = 1
						}
						s += l * lu[k*lda+j]
						g += math.Abs(l * lu[k*lda+j])
					}
					if math.Abs(s-pa[i*lda+j]) > 4*float64(n+2)*0x1p-53*g {
						t.Fatalf("%s %dx%d: (L·U)[%d,%d] = %v, (P·A) %v", backend, m, n, i, j, s, pa[i*lda+j])
					}
				}
			}
		}
		// A zero column makes U singular.
		const n = 80
		a := make([]float64, n*n)
		for i := range a {
			a[i] = rnd.NormFloat64()
		}
		for i := 0; i < n; i++ {
			a[i*n+5] = 0
		}
		if impl.Dgetrf(n, n, a, n, make([]int, n)) {
			t.Errorf("%s: ok = true for a singular matrix", backend)
		}
	}
}
