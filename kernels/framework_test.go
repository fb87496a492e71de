package kernels

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/internal/testutil"
)

// The framework tests run the Level 3 routines with the smallest blocks the
// units of each path allow (tiny), so that small problems cross every block
// boundary of the loops: several K blocks (and their order for TRMM),
// several MC and NC blocks, triangular blocks of gemmt, and the diagonal
// blocks of a triangular or symmetric operand inside a panel; and with the
// parallel threshold lowered, so that they take the split and shared paths
// on every number of workers.

// tiny returns g with blocks of K of three units, MC of two tiles and NC of
// two panels.
func tiny[T float](g *gemmImpl[T]) *gemmImpl[T] {
	t := *g
	t.kc, t.mc, t.nc = 3*t.ku, 2*t.mr, 2*t.nr
	return &t
}

// curImpl returns T's configuration on the path in use.
func curImpl[T float]() *gemmImpl[T] {
	var z T
	if _, ok := any(z).(float32); ok {
		return any(&cur.s).(*gemmImpl[T])
	}
	return any(&cur.d).(*gemmImpl[T])
}

// smallParallel lowers the parallel threshold for the rest of the test.
func smallParallel(t *testing.T) {
	prev := parMinMACs
	parMinMACs = 1 << 10
	t.Cleanup(func() { parMinMACs = prev })
}

func tinyTrmm[T float](s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	if mustRun(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		trmm(tiny(curImpl[T]()), s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

func tinyTrsm[T float](s blas.Side, ul blas.Uplo, tA blas.Transpose, d blas.Diag, m, n int, alpha T, a []T, lda int, b []T, ldb int) {
	if mustRun(triArgs(s, ul, tA, d, m, n, lda, ldb, len(a), len(b))) {
		trsm(tiny(curImpl[T]()), vecOf[T](), l2Of[T](), s, ul, tA, d, m, n, alpha, a, lda, b, ldb)
	}
}

func tinySymm[T float](s blas.Side, ul blas.Uplo, m, n int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if mustRun(symmArgs(s, ul, m, n, lda, ldb, ldc, len(a), len(b), len(c))) {
		symm(tiny(curImpl[T]()), s, ul, m, n, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

func tinySyrk[T float](ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, beta T, c []T, ldc int) {
	syrk(tiny(curImpl[T]()), ul, tA, n, k, alpha, a, lda, beta, c, ldc)
}

func tinySyr2k[T float](ul blas.Uplo, tA blas.Transpose, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if mustRun(syrkArgs(ul, tA, n, k, lda, ldb, ldc, len(a), len(b), len(c))) {
		runSyr2k(tiny(curImpl[T]()), ul, tA, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

func tinyGemm[T float](tA, tB blas.Transpose, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	gemm(tiny(curImpl[T]()), tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// TestFrameworkTinyBlocks runs the sweeps of every Level 3 routine (every
// side, uplo, transpose and diagonal, both precisions, padded leading
// dimensions, minimal-length guarded slices, NaN where nothing may be read)
// with tiny blocks, on one worker and, with the threshold lowered, on three.
func TestFrameworkTinyBlocks(t *testing.T) {
	procsList := []int{1, 3}
	if testing.Short() {
		procsList = []int{3} // the chunks run the serial loops too
	}
	for _, procs := range procsList {
		t.Run(fmt.Sprintf("procs=%d", procs), func(t *testing.T) {
			prev := runtime.GOMAXPROCS(procs)
			defer runtime.GOMAXPROCS(prev)
			if procs > 1 {
				smallParallel(t)
			}
			if raceEnabled {
				// The race detector: the parallel paths of each variant
				// once, in one precision.
				t.Run("Dtrmm", func(t *testing.T) { testTriSweep(t, tinyTrmm[float64], false) })
				t.Run("Dsymm", func(t *testing.T) { testSymmSweep(t, tinySymm[float64]) })
				t.Run("Dsyrk", func(t *testing.T) { testSyrkSweep(t, tinySyrk[float64]) })
				return
			}
			t.Run("Strmm", func(t *testing.T) { testTriSweep(t, tinyTrmm[float32], false) })
			t.Run("Dtrmm", func(t *testing.T) { testTriSweep(t, tinyTrmm[float64], false) })
			t.Run("Strsm", func(t *testing.T) { testTriSweep(t, tinyTrsm[float32], true) })
			t.Run("Dtrsm", func(t *testing.T) { testTriSweep(t, tinyTrsm[float64], true) })
			t.Run("Ssymm", func(t *testing.T) { testSymmSweep(t, tinySymm[float32]) })
			t.Run("Dsymm", func(t *testing.T) { testSymmSweep(t, tinySymm[float64]) })
			t.Run("Ssyrk", func(t *testing.T) { testSyrkSweep(t, tinySyrk[float32]) })
			t.Run("Dsyrk", func(t *testing.T) { testSyrkSweep(t, tinySyrk[float64]) })
			t.Run("syr2k", func(t *testing.T) {
				rnd := rand.New(rand.NewPCG(21, 22))
				for _, sz := range [][2]int{{1, 1}, {5, 3}, {33, 17}, {130, 70}, {61, 200}} {
					for _, ul := range uplos {
						for _, tA := range transposes {
							for _, ab := range [][2]float64{{1, 0}, {-0.5, 0.3}, {0, 2}} {
								testSyr2kCase(t, tinySyr2k[float32], ul, tA, sz[0], sz[1], ab[0], ab[1], rnd)
								testSyr2kCase(t, tinySyr2k[float64], ul, tA, sz[0], sz[1], ab[0], ab[1], rnd)
							}
						}
					}
				}
			})
			if !testing.Short() && procs == 1 {
				t.Run("Dgemm", func(t *testing.T) { testGemmSweep(t, tinyGemm[float64]) })
			}
		})
	}
}

// TestFrameworkDeterministic checks that every variant gives bitwise the
// same result on 1, 2 and 3 workers, with tiny blocks and the threshold
// lowered so that every shape is split: the N split that a left TRMM must
// use, the M split of a right one, SYMM's choice of either, gemmt's
// triangle chunks.
func TestFrameworkDeterministic(t *testing.T) {
	smallParallel(t)
	rnd := rand.New(rand.NewPCG(23, 24))
	shapes := [][2]int{{150, 170}, {20, 300}, {300, 20}}
	forEachISA(t, func(t *testing.T) {
		g := tiny(&cur.d)
		for _, sh := range shapes {
			m, n := sh[0], sh[1]
			kmax := max(m, n)
			a := make([]float64, kmax*kmax)
			testutil.Fill(rnd, a)
			b0 := make([]float64, m*n)
			testutil.Fill(rnd, b0)
			c0 := make([]float64, max(m, n)*max(m, n))
			testutil.Fill(rnd, c0)
			// run returns the outputs of every variant on procs workers.
			run := func(procs int) [][]float64 {
				prev := runtime.GOMAXPROCS(procs)
				defer runtime.GOMAXPROCS(prev)
				var outs [][]float64
				for _, s := range sides {
					k := m
					if s == blas.Right {
						k = n
					}
					for _, ul := range uplos {
						for _, tA := range transposes {
							for _, d := range diags {
								o := append([]float64(nil), b0...)
								trmm(g, s, ul, tA, d, m, n, 0.7, a, k, o, n)
								outs = append(outs, o)
							}
						}
						o := append([]float64(nil), c0[:m*n]...)
						symm(g, s, ul, m, n, 0.7, a, k, b0, n, 0.3, o, n)
						outs = append(outs, o)
					}
				}
				for _, ul := range uplos {
					for _, tA := range transposes {
						// C is m×m: A (and B) are m×n, or n×m transposed.
						o := append([]float64(nil), c0[:m*m]...)
						lda := n
						if tA != blas.NoTrans {
							lda = m
						}
						syrk(g, ul, tA, m, n, 0.7, b0, lda, 0.3, o, m)
						outs = append(outs, o)
						o = append([]float64(nil), c0[:m*m]...)
						syr2k(g, ul == blas.Upper, tA != blas.NoTrans, m, n, 0.7, b0, lda, a, lda, 0.3, o, m)
						outs = append(outs, o)
					}
				}
				return outs
			}
			ref := run(1)
			for _, procs := range []int{2, 3} {
				for i, o := range run(procs) {
					if !sameBits(ref[i], o) {
						t.Fatalf("m=%d n=%d: output %d differs on %d workers", m, n, i, procs)
					}
				}
			}
		}
	})
}

// nestTask runs a parallel GEMM and a parallel ParallelFor inside each of
// its chunks.
type nestTask struct {
	a, b []float64
	c    [MaxRangeChunks][]float64
	n    int
}

func (nt *nestTask) RunRange(lo, hi, chunk int) {
	for i := lo; i < hi; i++ {
		Dgemm(blas.NoTrans, blas.NoTrans, nt.n, nt.n, nt.n, 1, nt.a, nt.n, nt.b, nt.n, 0, nt.c[chunk], nt.n)
		ParallelFor(64, 1, rangeNop{})
	}
}

type rangeNop struct{}

func (rangeNop) RunRange(lo, hi, chunk int) {}

// TestNestedParallel makes parallel calls from inside the chunks of a
// parallel call, on more workers than the machine may have: each nested
// call once waited for helpers that were all busy in the outer call
// (deadlock); now a nested call runs on the helpers that are free, or on
// its own goroutine.
func TestNestedParallel(t *testing.T) {
	prev := runtime.GOMAXPROCS(8)
	defer runtime.GOMAXPROCS(prev)
	const n = 200 // 8M multiply-adds: a parallel product
	nt := &nestTask{a: make([]float64, n*n), b: make([]float64, n*n), n: n}
	for i := range nt.a {
		nt.a[i], nt.b[i] = float64(i%7), float64(i%5)
	}
	for i := range nt.c {
		nt.c[i] = make([]float64, n*n)
	}
	want := make([]float64, n*n)
	gemm(&cur.d, blas.NoTrans, blas.NoTrans, n, n, n, 1, nt.a, n, nt.b, n, 0, want, n)
	done := make(chan struct{})
	go func() {
		for rep := 0; rep < 5; rep++ {
			ParallelFor(MaxRangeChunks, 1, nt)
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("nested parallel calls deadlocked")
	}
	for i := range nt.c[:8] { // ParallelFor's chunks on 8 workers
		if !sameBits(nt.c[i], want) {
			t.Fatalf("chunk %d: nested product differs from the serial one", i)
		}
	}
}
