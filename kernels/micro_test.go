package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

// TestGemmMicro calls the micro-kernel of every dispatch path this CPU can
// run directly, in both precisions, and compares it with gemmMicroRef over
// every tile shape it accepts (every m ≤ MR and n ≤ NR for kernels that
// handle partial tiles, full tiles otherwise), k around 0 and KC, padded and
// unpadded B rows and C rows, and alpha/beta including beta = 0 on NaN-filled
// C. Every operand is a minimal-length slice that ends at a guard page, so
// any read or write past the tile crashes the test.
func TestGemmMicro(t *testing.T) {
	for _, p := range isas {
		if !p.available {
			continue
		}
		t.Run(p.name+"/s", func(t *testing.T) { testMicro(t, &p.s) })
		t.Run(p.name+"/d", func(t *testing.T) { testMicro(t, &p.d) })
	}
}

func testMicro[T float](t *testing.T, g *gemmImpl[T]) {
	ks := []int{0, 1, 2, 3, 4, 5, 7, g.kc - 1, g.kc, g.kc + 1}
	if raceEnabled || testing.Short() {
		ks = []int{0, 1, 2, 3, 4, 5, 7, g.kc + 1}
	}
	var ms, ns []int
	if g.partial {
		for m := 1; m <= g.mr; m++ {
			ms = append(ms, m)
		}
		for n := 1; n <= g.nr; n++ {
			ns = append(ns, n)
		}
	} else {
		ms, ns = []int{g.mr}, []int{g.nr}
	}
	rnd := rand.New(rand.NewPCG(7, uint64(g.mr*100+g.nr)))
	for _, k := range ks {
		for _, m := range ms {
			// One subtest per (k, m) so that the guard pages are released
			// as it ends (the number of mappings is limited).
			ok := t.Run(fmt.Sprintf("k=%d/m=%d", k, m), func(t *testing.T) {
				failures := 0
				for _, n := range ns {
					for _, rsb := range dedup(g.nr, g.nr+3, n) {
						failures += checkMicro(t, g, rnd, k, m, n, rsb)
						if failures > 10 {
							t.Fatal("too many failures")
						}
					}
				}
			})
			if !ok {
				return
			}
		}
	}
}

// dedup returns its arguments in order without repetitions.
func dedup(v ...int) []int {
	var r []int
	for _, x := range v {
		if !slices.Contains(r, x) {
			r = append(r, x)
		}
	}
	return r
}

// checkMicro runs one (k, m, n, rsb) shape with every ldc, alpha and beta and
// returns the number of failed cases.
func checkMicro[T float](t *testing.T, g *gemmImpl[T], rnd *rand.Rand, k, m, n, rsb int) int {
	t.Helper()
	// A: a full MR-row panel; rows past m are NaN and must not leak.
	a := testutil.Guarded[T](t, g.mr*k)
	testutil.Fill(rnd, a)
	for p := 0; p < k; p++ {
		testutil.FillNaN(a[p*g.mr+m : (p+1)*g.mr])
	}
	// B: minimal length; the row padding past n is NaN and must not leak.
	b := testutil.Guarded[T](t, max(0, (k-1)*rsb+n))
	testutil.FillNaN(b)
	for p := 0; p < k; p++ {
		testutil.Fill(rnd, b[p*rsb:p*rsb+n])
	}
	// The sums of the Go twin (alpha = 1, beta = 0), and the componentwise
	// gauge Σ|a·b| in float64.
	sums := make([]T, m*n)
	gemmMicroRef(g.mr, k, 1, a, b, rsb, 0, sums, n, m, n)
	sumAbs := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				s += math.Abs(float64(a[p*g.mr+i]) * float64(b[p*rsb+j]))
			}
			sumAbs[i*n+j] = s
		}
	}
	failures := 0
	for _, ldc := range dedup(n, g.nr+5) {
		c := testutil.Guarded[T](t, (m-1)*ldc+n)
		for _, alpha := range []T{1, -0.5} {
			for _, beta := range []T{0, 1, 0.25} {
				name := fmt.Sprintf("k=%d,m=%d,n=%d,rsb=%d,ldc=%d,alpha=%g,beta=%g", k, m, n, rsb, ldc, alpha, beta)
				testutil.Fill(rnd, c)
				if beta == 0 {
					testutil.FillNaN(c)
				}
				for i := 0; i+1 < m; i++ {
					for j := n; j < ldc; j++ {
						c[i*ldc+j] = padSentinel
					}
				}
				c0 := slices.Clone(c)
				g.kernel(k, alpha, a, b, rsb, beta, c, ldc, m, n)
				if !microOK(t, name, k, m, n, ldc, alpha, beta, c, c0, sums, sumAbs) {
					failures++
				}
			}
		}
	}
	return failures
}

// microOK compares the kernel's C with alpha·sums + beta·C (evaluated in
// float64, C not read when beta = 0, as gemmMicroRef does) within twice the
// inner-product bound (kernel and twin both carry rounding error), and checks
// that the padding of C is untouched.
func microOK[T float](t *testing.T, name string, k, m, n, ldc int, alpha, beta T, got, c0, sums []T, sumAbs []float64) bool {
	t.Helper()
	for i := 0; i < m; i++ {
		for j := 0; j < ldc && i*ldc+j < len(got); j++ {
			idx := i*ldc + j
			if j >= n {
				if got[idx] != padSentinel {
					t.Errorf("%s: padding c[%d] overwritten: %v", name, idx, got[idx])
					return false
				}
				continue
			}
			want := float64(alpha) * float64(sums[i*n+j])
			gauge := math.Abs(float64(alpha)) * sumAbs[i*n+j]
			if beta != 0 {
				want += float64(beta) * float64(c0[idx])
				gauge += math.Abs(float64(beta) * float64(c0[idx]))
			}
			if !testutil.WithinBound(got[idx], want, gauge, k, 2) {
				t.Errorf("%s: c[%d][%d] = %v, want %v (gauge %g)", name, i, j, got[idx], want, gauge)
				return false
			}
		}
	}
	return true
}
