package eigen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"

	"github.com/directpred/directpred/kernels"
)

// TestDgeqrf runs gonum's Dgeqrf suite on Implementation (which compares
// with gonum's unblocked Dgeqr2 for every workspace length), then checks
// the blocked recursive factorization above its threshold, with gonum's
// BLAS and with ours: the backward error ‖A − Q·R‖_F ≤ c·n·u·‖A‖_F and
// ‖QᵀQ − I‖_F ≤ c·n·u (Q formed by gonum's Dorgqr from the reflectors),
// R and tau within a rounding bound of gonum's Dgeqrf, and a workspace
// shorter than the query's falls back to gonum's blocked code.
func TestDgeqrf(t *testing.T) {
	impl := Implementation{}
	t.Run("testlapack", func(t *testing.T) {
		testlapack.DgeqrfTest(t, impl)
	})
	const u = 0x1p-53
	for _, backend := range []string{"gonum", "directpred"} {
		if backend == "directpred" {
			prev := blas64.Implementation()
			blas64.Use(kernels.Implementation{})
			defer blas64.Use(prev)
		}
		rnd := rand.New(rand.NewPCG(3, 4))
		for _, sz := range [][3]int{{64, 64, 64}, {100, 70, 73}, {70, 130, 131}, {257, 257, 260}, {300, 65, 65}, {129, 200, 200}, {500, 333, 340}} {
			m, n, lda := sz[0], sz[1], sz[2]
			t.Run(fmt.Sprintf("%s/%dx%d", backend, m, n), func(t *testing.T) {
				k := min(m, n)
				a := make([]float64, (m-1)*lda+n)
				for i := range a {
					a[i] = rnd.NormFloat64()
				}
				var anorm float64
				for i := 0; i < m; i++ {
					for _, x := range a[i*lda : i*lda+n] {
						anorm += x * x
					}
				}
				anorm = math.Sqrt(anorm)
				qr := append([]float64(nil), a...)
				tau := make([]float64, k)
				work := make([]float64, 1)
				impl.Dgeqrf(m, n, qr, lda, tau, work, -1)
				work = make([]float64, int(work[0]))
				impl.Dgeqrf(m, n, qr, lda, tau, work, len(work))

				// Q (m×m) from the reflectors.
				q := make([]float64, m*m)
				for i := 0; i < m; i++ {
					copy(q[i*m:i*m+min(k, m)], qr[i*lda:i*lda+min(k, m)])
				}
				wq := make([]float64, 1)
				gonum.Implementation{}.Dorgqr(m, m, k, q, m, tau, wq, -1)
				wq = make([]float64, int(wq[0]))
				gonum.Implementation{}.Dorgqr(m, m, k, q, m, tau, wq, len(wq))
				// Orthogonality.
				var orth float64
				for i := 0; i < m; i++ {
					for j := 0; j < m; j++ {
						var s float64
						for l := 0; l < m; l++ {
							s += q[l*m+i] * q[l*m+j]
						}
						if i == j {
							s--
						}
						orth += s * s
					}
				}
				if c := math.Sqrt(orth) / (float64(m) * u); c > 10 {
					t.Errorf("‖QᵀQ − I‖_F = %.3g = %.3g·m·u", math.Sqrt(orth), c)
				}
				// Backward error of Q·R.
				var res float64
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						var s float64
						for l := 0; l <= min(j, k-1); l++ {
							s += q[i*m+l] * qr[l*lda+j]
						}
						d := s - a[i*lda+j]
						res += d * d
					}
				}
				if c := math.Sqrt(res) / (float64(max(m, n)) * u * anorm); c > 10 {
					t.Errorf("‖A − QR‖_F = %.3g = %.3g·n·u·‖A‖_F", math.Sqrt(res), c)
				}
				// Against gonum's blocked Dgeqrf: the same reflectors and R,
				// to rounding.
				ref := append([]float64(nil), a...)
				refTau := make([]float64, k)
				gonum.Implementation{}.Dgeqrf(m, n, ref, lda, refTau, make([]float64, 64*n), 64*n)
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						x, y := qr[i*lda+j], ref[i*lda+j]
						if math.Abs(x-y) > 1e3*float64(m)*u*math.Max(1, math.Abs(y)) {
							t.Fatalf("A[%d,%d] = %v, gonum %v", i, j, x, y)
						}
					}
				}
				for i := range tau {
					if math.Abs(tau[i]-refTau[i]) > 1e3*float64(m)*u {
						t.Fatalf("tau[%d] = %v, gonum %v", i, tau[i], refTau[i])
					}
				}
				// A short workspace: gonum's code, gonum's result.
				short := append([]float64(nil), a...)
				shortTau := make([]float64, k)
				impl.Dgeqrf(m, n, short, lda, shortTau, make([]float64, n), n)
				want := append([]float64(nil), a...)
				gonum.Implementation{}.Dgeqrf(m, n, want, lda, make([]float64, k), make([]float64, n), n)
				for i := range short {
					if short[i] != want[i] {
						t.Fatalf("lwork = n: a[%d] = %v, gonum %v", i, short[i], want[i])
					}
				}
			})
		}
	}
}

// TestGeqrt3 checks the recursive panel's triangular factor: the block
// reflector I − V·T·Vᵀ equals the product H_0·…·H_{n−1} of the reflectors
// it returns, applied to a random matrix.
func TestGeqrt3(t *testing.T) {
	impl := Implementation{}
	bi := blas64.Implementation()
	rnd := rand.New(rand.NewPCG(5, 6))
	for _, sz := range [][2]int{{1, 1}, {5, 3}, {8, 8}, {40, 9}, {33, 17}, {100, 64}, {64, 64}} {
		m, n := sz[0], sz[1]
		lda := n + 1
		a := make([]float64, (m-1)*lda+n)
		for i := range a {
			a[i] = rnd.NormFloat64()
		}
		tm := make([]float64, n*n)
		geqrt3(impl, bi, m, n, a, lda, tm, n)
		tau := make([]float64, n)
		for j := range tau {
			tau[j] = tm[j*n+j]
		}
		c := make([]float64, m*3)
		for i := range c {
			c[i] = rnd.NormFloat64()
		}
		// Want: H_0·…·H_{n−1}·C, applied right to left by gonum's Dorm2r.
		want := append([]float64(nil), c...)
		gonum.Implementation{}.Dorm2r(blas.Left, blas.NoTrans, m, 3, n, append([]float64(nil), a...), lda, tau, want, 3, make([]float64, 3))
		// Got: C − V·T·Vᵀ·C.
		v := make([]float64, m*n)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				switch {
				case i == j:
					v[i*n+j] = 1
				case i > j:
					v[i*n+j] = a[i*lda+j]
				}
			}
		}
		w := make([]float64, n*3)
		bi.Dgemm(blas.Trans, blas.NoTrans, n, 3, m, 1, v, n, c, 3, 0, w, 3)
		bi.Dtrmm(blas.Left, blas.Upper, blas.NoTrans, blas.NonUnit, n, 3, 1, tm, n, w, 3)
		bi.Dgemm(blas.NoTrans, blas.NoTrans, m, 3, n, -1, v, n, w, 3, 1, c, 3)
		for i := range c {
			if math.Abs(c[i]-want[i]) > 100*float64(m)*0x1p-53*(1+math.Abs(want[i])) {
				t.Fatalf("%dx%d: (I − V·T·Vᵀ)·C[%d] = %v, reflectors %v", m, n, i, c[i], want[i])
			}
		}
	}
}
