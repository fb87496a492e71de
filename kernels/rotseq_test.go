package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/lapack"
	lapackgonum "gonum.org/v1/gonum/lapack/gonum"

	"github.com/directpred/directpred/internal/testutil"
)

// rotseqT calls Drotseq or Srotseq (the dispatched public entry).
func rotseqT[T float](backward bool, m, n int, c, s, a []T, lda int) {
	switch a := any(a).(type) {
	case []float32:
		Srotseq(backward, m, n, any(c).([]float32), any(s).([]float32), a, lda)
	case []float64:
		Drotseq(backward, m, n, any(c).([]float64), any(s).([]float64), a, lda)
	}
}

// rotAngles fills c and s with the cosines and sines of random angles; each
// rotation is the identity (c = 1, s = 0) with probability pIdent.
func rotAngles[T float](rnd *rand.Rand, c, s []T, pIdent float64) {
	for j := range c {
		if rnd.Float64() < pIdent {
			c[j], s[j] = 1, 0
			continue
		}
		th := 2 * math.Pi * rnd.Float64()
		c[j], s[j] = T(math.Cos(th)), T(math.Sin(th))
	}
}

// rotseqWant returns the float64 reference (rotseqRef on float64 copies of
// a, c and s: exact conversions) and, per column, the 2-norm of the finite
// elements of the input's column.
func rotseqWant[T float](backward bool, m, n int, c, s, a []T, lda int) (want, norm []float64) {
	want = make([]float64, len(a))
	for i, v := range a {
		want[i] = float64(v)
	}
	c64, s64 := make([]float64, len(c)), make([]float64, len(s))
	for i := range c {
		c64[i], s64[i] = float64(c[i]), float64(s[i])
	}
	norm = make([]float64, n)
	for k := range norm {
		var q float64
		for i := 0; i < m; i++ {
			if v := want[i*lda+k]; !math.IsNaN(v) && !math.IsInf(v, 0) {
				q += v * v
			}
		}
		norm[k] = math.Sqrt(q)
	}
	rotseqRef(backward, m, n, c64, s64, want, lda)
	return want, norm
}

// rotseqAgrees reports whether got agrees with the float64 reference want:
// NaN with NaN, an infinity with the same infinity, finite values within
// 8·(m−1)·u·‖column‖₂ (plus a few subnormal spacings).
func rotseqAgrees[T float](got T, want, norm float64, m int) bool {
	g := float64(got)
	if math.IsNaN(want) || math.IsNaN(g) {
		return math.IsNaN(want) && math.IsNaN(g)
	}
	if math.IsInf(want, 0) || math.IsInf(g, 0) {
		return want == g
	}
	return math.Abs(g-want) <= 8*float64(m-1)*testutil.Eps[T]()*norm+4*testutil.Tiny[T]()
}

// rotseqSizes are the m and n of the tests.
var rotseqSizes = func() (ms, ns []int) {
	for m := 0; m <= 20; m++ {
		ms = append(ms, m)
	}
	ms = append(ms, 63, 64, 65, 200)
	for n := 0; n <= 70; n++ {
		ns = append(ns, n)
	}
	ns = append(ns, 127, 128, 129, 1000)
	return ms, ns
}

const rotseqGuard = 1234.5 // the value of the padding and the slots around a

// TestRotseq checks Drotseq and Srotseq on every dispatch path against the
// float64 reference, both directions, with and without interleaved identity
// rotations, lda > n with guard values in the padding and around the
// minimal slice that must stay untouched.
func TestRotseq(t *testing.T) {
	t.Run("float32", testRotseq[float32])
	t.Run("float64", testRotseq[float64])
}

func testRotseq[T float](t *testing.T) {
	ms, ns := rotseqSizes()
	forEachISA(t, func(t *testing.T) {
		rnd := rand.New(rand.NewPCG(31, 32))
		for _, m := range ms {
			for _, n := range ns {
				// Subsample the larger cases (every third n past 70 with m > 20).
				if m > 20 && n <= 70 && n%3 != m%3 {
					continue
				}
				if testing.Short() && m*n > 20000 {
					continue // the largest cases (emulated arm64 in CI)
				}
				for _, backward := range []bool{false, true} {
					pIdent := 0.0
					if rnd.IntN(2) == 0 {
						pIdent = 0.3
					}
					lda := max(1, n+rnd.IntN(3)*rnd.IntN(5))
					checkRotseqCase[T](t, rnd, backward, m, n, lda, pIdent)
				}
			}
		}
	})
}

// checkRotseqCase runs one random case (finite data) and compares.
func checkRotseqCase[T float](t *testing.T, rnd *rand.Rand, backward bool, m, n, lda int, pIdent float64) {
	t.Helper()
	la := 0
	if m > 0 && n > 0 {
		la = (m-1)*lda + n
	}
	const pad = 9
	buf := make([]T, la+2*pad)
	for i := range buf {
		buf[i] = rotseqGuard
	}
	a := buf[pad : pad+la : pad+la]
	for i := 0; i < m; i++ {
		for k := 0; k < n; k++ {
			a[i*lda+k] = T(2*rnd.Float64() - 1)
		}
	}
	nr := max(0, m-1)
	c, s := make([]T, nr), make([]T, nr)
	rotAngles(rnd, c, s, pIdent)
	want, norm := rotseqWant(backward, m, n, c, s, a, lda)
	rotseqT(backward, m, n, c, s, a, lda)
	for i, v := range buf {
		j := i - pad
		inside := j >= 0 && j < la && j%lda < n
		if !inside {
			if v != rotseqGuard {
				t.Fatalf("m=%d n=%d lda=%d backward=%v: slot %d outside the matrix changed to %v", m, n, lda, backward, j, v)
			}
			continue
		}
		if !rotseqAgrees(v, want[j], norm[j%lda], m) {
			t.Fatalf("m=%d n=%d lda=%d backward=%v pIdent=%v: a[%d,%d] = %v, want %v (norm %v)",
				m, n, lda, backward, pIdent, j/lda, j%lda, v, want[j], norm[j%lda])
		}
	}
}

// TestRotseqParallel forces the parallel column split on small problems:
// the results must be bitwise those of one kernel call over all columns,
// for GOMAXPROCS = 2 and 3, and calls must not allocate.
func TestRotseqParallel(t *testing.T) {
	prev := rotseqParMin
	rotseqParMin = 1
	t.Cleanup(func() { rotseqParMin = prev })
	t.Run("float32", testRotseqParallel[float32])
	t.Run("float64", testRotseqParallel[float64])
}

func testRotseqParallel[T float](t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		rnd := rand.New(rand.NewPCG(81, 82))
		for _, procs := range []int{2, 3} {
			prevProcs := runtime.GOMAXPROCS(procs)
			for _, m := range []int{2, 3, 17, 70} {
				for _, n := range []int{129, 256, 300, 385, 1000} {
					for _, backward := range []bool{false, true} {
						lda := n + rnd.IntN(3)
						a := make([]T, (m-1)*lda+n)
						testutil.Fill(rnd, a)
						c, s := make([]T, m-1), make([]T, m-1)
						rotAngles(rnd, c, s, 0.2)
						serial := append([]T(nil), a...)
						rotseqOf[T]()(backward, m, n, c, s, serial, lda)
						rotseqT(backward, m, n, c, s, a, lda)
						for i := range a {
							if math.Float64bits(float64(a[i])) != math.Float64bits(float64(serial[i])) {
								runtime.GOMAXPROCS(prevProcs)
								t.Fatalf("GOMAXPROCS=%d m=%d n=%d backward=%v: a[%d] = %v, one call gives %v", procs, m, n, backward, i, a[i], serial[i])
							}
						}
					}
				}
			}
			a := make([]T, 20*1000)
			c, s := make([]T, 19), make([]T, 19)
			rotAngles(rnd, c, s, 0)
			allocs := testing.AllocsPerRun(20, func() { rotseqT(false, 20, 1000, c, s, a, 1000) })
			runtime.GOMAXPROCS(prevProcs)
			if allocs != 0 {
				t.Errorf("GOMAXPROCS=%d: %v allocations per call", procs, allocs)
			}
		}
	})
}

// TestRotseqIsolated: a row between two identity rotations is not read or
// written, so NaN and ±Inf in it stay there (bitwise), and rows around it
// are rotated normally.
func TestRotseqIsolated(t *testing.T) {
	t.Run("float32", testRotseqIsolated[float32])
	t.Run("float64", testRotseqIsolated[float64])
}

func testRotseqIsolated[T float](t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		rnd := rand.New(rand.NewPCG(41, 42))
		for _, m := range []int{2, 3, 5, 17, 64} {
			for _, n := range []int{1, 7, 8, 9, 16, 17, 63, 64, 65, 130} {
				for _, backward := range []bool{false, true} {
					lda := n + rnd.IntN(3)
					a := make([]T, (m-1)*lda+n)
					testutil.Fill(rnd, a)
					c, s := make([]T, m-1), make([]T, m-1)
					rotAngles(rnd, c, s, 0.1)
					r := rnd.IntN(m)
					if r > 0 {
						c[r-1], s[r-1] = 1, 0
					}
					if r < m-1 {
						c[r], s[r] = 1, 0
					}
					row := a[r*lda : r*lda+n]
					for k := range row {
						switch k % 3 {
						case 0:
							row[k] = T(math.NaN())
						case 1:
							row[k] = T(math.Inf(1))
						default:
							row[k] = T(math.Inf(-1))
						}
					}
					orig := append([]T(nil), row...)
					want, norm := rotseqWant(backward, m, n, c, s, a, lda)
					rotseqT(backward, m, n, c, s, a, lda)
					for k := range row {
						if math.Float64bits(float64(row[k])) != math.Float64bits(float64(orig[k])) {
							t.Fatalf("m=%d n=%d backward=%v: isolated row %d changed at %d: %v, was %v", m, n, backward, r, k, row[k], orig[k])
						}
					}
					for i := 0; i < m; i++ {
						if i == r {
							continue
						}
						for k := 0; k < n; k++ {
							v := a[i*lda+k]
							if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
								t.Fatalf("m=%d n=%d backward=%v: row %d (isolated %d) got %v at %d", m, n, backward, i, r, v, k)
							}
							if !rotseqAgrees(v, want[i*lda+k], norm[k], m) {
								t.Fatalf("m=%d n=%d backward=%v: a[%d,%d] = %v, want %v", m, n, backward, i, k, v, want[i*lda+k])
							}
						}
					}
				}
			}
		}
	})
}

// TestRotseqSpecial: NaN and ±Inf in c, s and a elsewhere give what the Go
// twin gives (NaN where it has NaN, the same infinities, finite values to
// the error bound).
func TestRotseqSpecial(t *testing.T) {
	t.Run("float32", testRotseqSpecial[float32])
	t.Run("float64", testRotseqSpecial[float64])
}

func testRotseqSpecial[T float](t *testing.T) {
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, 1, -1}
	forEachISA(t, func(t *testing.T) {
		rnd := rand.New(rand.NewPCG(51, 52))
		for trial := 0; trial < 300; trial++ {
			m, n := 2+rnd.IntN(12), 1+rnd.IntN(40)
			if trial%10 == 0 {
				n = 64 + rnd.IntN(80)
			}
			backward := trial%2 == 1
			lda := n + rnd.IntN(3)
			a := make([]T, (m-1)*lda+n)
			testutil.Fill(rnd, a)
			c, s := make([]T, m-1), make([]T, m-1)
			rotAngles(rnd, c, s, 0.2)
			for range 1 + rnd.IntN(3) {
				v := T(specials[rnd.IntN(len(specials))])
				switch j := rnd.IntN(m - 1); rnd.IntN(3) {
				case 0:
					c[j] = v
				case 1:
					s[j] = v
				default:
					a[rnd.IntN(m)*lda+rnd.IntN(n)] = v
				}
			}
			want, norm := rotseqWant(backward, m, n, c, s, a, lda)
			rotseqT(backward, m, n, c, s, a, lda)
			for i := 0; i < m; i++ {
				for k := 0; k < n; k++ {
					if v := a[i*lda+k]; !rotseqAgrees(v, want[i*lda+k], norm[k], m) {
						t.Fatalf("trial %d m=%d n=%d backward=%v c=%v s=%v: a[%d,%d] = %v, want %v", trial, m, n, backward, c, s, i, k, v, want[i*lda+k])
					}
				}
			}
		}
	})
}

// TestRotseqGuardPage runs minimal slices of a, c and s that end at an
// inaccessible page: any read past them crashes the test binary.
func TestRotseqGuardPage(t *testing.T) {
	t.Run("float32", testRotseqGuardPage[float32])
	t.Run("float64", testRotseqGuardPage[float64])
}

func testRotseqGuardPage[T float](t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		rnd := rand.New(rand.NewPCG(61, 62))
		for _, m := range []int{1, 2, 3, 4, 9, 33} {
			t.Run(fmt.Sprint("m=", m), func(t *testing.T) {
				for _, n := range []int{1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 127, 128, 129, 130, 200} {
					for _, backward := range []bool{false, true} {
						lda := n + rnd.IntN(2)*3
						a := testutil.Guarded[T](t, (m-1)*lda+n)
						testutil.Fill(rnd, a)
						c, s := testutil.Guarded[T](t, m-1), testutil.Guarded[T](t, m-1)
						rotAngles(rnd, c, s, 0.2)
						want, norm := rotseqWant(backward, m, n, c, s, a, lda)
						rotseqT(backward, m, n, c, s, a, lda)
						for i := 0; i < m; i++ {
							for k := 0; k < n; k++ {
								if v := a[i*lda+k]; !rotseqAgrees(v, want[i*lda+k], norm[k], m) {
									t.Fatalf("m=%d n=%d backward=%v: a[%d,%d] = %v, want %v", m, n, backward, i, k, v, want[i*lda+k])
								}
							}
						}
					}
				}
			})
		}
	})
}

// TestRotseqPanics checks the argument errors and their order.
func TestRotseqPanics(t *testing.T) {
	c, s, a := make([]float64, 10), make([]float64, 10), make([]float64, 100)
	c32, s32, a32 := make([]float32, 10), make([]float32, 10), make([]float32, 100)
	for _, tc := range []struct {
		m, n, lc, ls, la, lda int
		want                  string
	}{
		{-1, 3, 10, 10, 100, 3, mLT0},
		{-1, -1, 10, 10, 100, 0, mLT0},
		{3, -1, 10, 10, 100, 3, nLT0},
		{3, -1, 10, 10, 100, 0, nLT0},
		{3, 4, 10, 10, 100, 3, badLdA},
		{3, 0, 10, 10, 100, 0, badLdA},
		{0, 0, 0, 0, 0, 0, badLdA},
		{4, 3, 2, 10, 100, 3, shortC},
		{4, 3, 2, 2, 100, 3, shortC},
		{4, 3, 3, 2, 100, 3, shortS},
		{4, 3, 3, 3, 11, 4, shortA},
		{4, 3, 3, 3, 3*4 + 2, 4, shortA},
		{1, 3, 0, 0, 2, 3, shortA},
		// No panics: quick returns and minimal lengths.
		{0, 3, 0, 0, 0, 3, ""},
		{3, 0, 0, 0, 0, 1, ""},
		{1, 3, 0, 0, 3, 3, ""},
		{4, 3, 3, 3, 3*4 + 3, 4, ""},
	} {
		for _, prec := range []string{"float32", "float64"} {
			t.Run(fmt.Sprintf("%s/%+v", prec, tc), func(t *testing.T) {
				defer func() {
					r := recover()
					if tc.want == "" && r != nil {
						t.Fatalf("panicked: %v", r)
					}
					if tc.want != "" && r != tc.want {
						t.Fatalf("panic %v, want %q", r, tc.want)
					}
				}()
				if prec == "float32" {
					Srotseq(false, tc.m, tc.n, c32[:tc.lc], s32[:tc.ls], a32[:tc.la], tc.lda)
				} else {
					Drotseq(true, tc.m, tc.n, c[:tc.lc], s[:tc.ls], a[:tc.la], tc.lda)
				}
			})
		}
	}
}

// TestRotseqRegistered fails unless every dispatch path this CPU must have
// runs the rotation-sequence kernel its architecture file provides: the
// assembly where rotseqAsm (per architecture) names one, the Go twin
// rotseqRef on the other paths (stated here, not a silent fallback).
func TestRotseqRegistered(t *testing.T) {
	ptr := func(f any) uintptr { return reflect.ValueOf(f).Pointer() }
	for _, name := range append(requiredISAs(), "generic") {
		restore, err := useISA(name)
		if err != nil {
			t.Fatal(err)
		}
		s, d := rotseqOf[float32](), rotseqOf[float64]()
		restore()
		wantS, wantD := any(rotseqRefS), any(rotseqRefD)
		kind := "the Go twin rotseqRef"
		if k, ok := rotseqAsm[name]; ok {
			wantS, wantD, kind = k[0], k[1], "assembly"
		}
		if ptr(s) != ptr(wantS) || ptr(d) != ptr(wantD) {
			t.Errorf("path %s: Srotseq/Drotseq do not run %s", name, kind)
		}
		t.Logf("path %s: Srotseq/Drotseq run %s", name, kind)
	}
}

// BenchmarkRotseq measures a forward sequence of m−1 rotations on an m×n
// matrix (6 flops per element pair and rotation: 6·(m−1)·n per call),
// reporting GFLOP/s, for: the kernel of the path in use (Drotseq/Srotseq,
// columns split between the workers on large calls; kernel-serial: the
// path's kernel alone on one thread),
// the Go twin rotseqRef, a loop of gonum's Drot/Srot (blas64/blas32 with
// gonum's native implementation) over the row pairs, the same loop on this
// package's Drot/Srot (Implementation), and, for float64, gonum's LAPACK
// Dlasr('L', 'V', 'F') on the same row-major matrix.
func BenchmarkRotseq(b *testing.B) {
	for _, sz := range [][2]int{{1000, 1000}, {1000, 64}, {500, 500}, {200, 200}, {200, 16}, {200, 40}} {
		m, n := sz[0], sz[1]
		b.Run(fmt.Sprintf("d/m=%d/n=%d", m, n), func(b *testing.B) { benchRotseq[float64](b, m, n) })
		b.Run(fmt.Sprintf("s/m=%d/n=%d", m, n), func(b *testing.B) { benchRotseq[float32](b, m, n) })
	}
}

func benchRotseq[T float](b *testing.B, m, n int) {
	rnd := rand.New(rand.NewPCG(71, 72))
	a := make([]T, m*n)
	testutil.Fill(rnd, a)
	c, s := make([]T, m-1), make([]T, m-1)
	rotAngles(rnd, c, s, 0)
	run := func(name string, f func()) {
		b.Run(name, func(b *testing.B) {
			f()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				f()
			}
			b.ReportMetric(6*float64(m-1)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
	run("kernel="+ISA(), func() { rotseqT(false, m, n, c, s, a, n) })
	run("kernel-serial", func() { rotseqOf[T]()(false, m, n, c, s, a, n) })
	run("twin", func() { rotseqRef(false, m, n, c, s, a, n) })
	switch a := any(a).(type) {
	case []float64:
		c, s := any(c).([]float64), any(s).([]float64)
		g, k := blas64.Implementation(), Implementation{}
		if _, ok := g.(gonum.Implementation); !ok {
			b.Fatalf("blas64 uses %T, not gonum's", g)
		}
		run("gonum-drot-loop", func() {
			for j := 0; j < m-1; j++ {
				g.Drot(n, a[j*n:], 1, a[(j+1)*n:], 1, c[j], s[j])
			}
		})
		run("drot-loop", func() {
			for j := 0; j < m-1; j++ {
				k.Drot(n, a[j*n:], 1, a[(j+1)*n:], 1, c[j], s[j])
			}
		})
		run("gonum-dlasr", func() {
			lapackgonum.Implementation{}.Dlasr(blas.Left, lapack.Variable, lapack.Forward, m, n, c, s, a, n)
		})
	case []float32:
		c, s := any(c).([]float32), any(s).([]float32)
		g, k := blas32.Implementation(), Implementation{}
		if _, ok := g.(gonum.Implementation); !ok {
			b.Fatalf("blas32 uses %T, not gonum's", g)
		}
		run("gonum-srot-loop", func() {
			for j := 0; j < m-1; j++ {
				g.Srot(n, a[j*n:], 1, a[(j+1)*n:], 1, c[j], s[j])
			}
		})
		run("srot-loop", func() {
			for j := 0; j < m-1; j++ {
				k.Srot(n, a[j*n:], 1, a[(j+1)*n:], 1, c[j], s[j])
			}
		})
	}
}
