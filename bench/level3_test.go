package bench

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/directpred/directpred/kernels"
)

// The Level 3 benchmarks time TRSM, TRMM, SYMM and SYR2K in both
// precisions, square (m = n = k), beside gonum's native implementation and
// OpenBLAS (-tags openblas) in the same run, and report GFLOP/s:
//
//	GOMAXPROCS=1 OPENBLAS_NUM_THREADS=1 go test -tags openblas -run XXX -bench Level3 -benchtime 200ms -count 6 ./bench/ | tee l3-1.txt
//	GOMAXPROCS=2 go test -run XXX -bench 'Level3/.*/directpred' -benchtime 200ms -count 6 ./bench/ | tee l3-2.txt
//	GOMAXPROCS=2 OPENBLAS_NUM_THREADS=2 go test -tags openblas -run XXX -bench 'Level3/.*/openblas' -benchtime 200ms -count 6 ./bench/ | tee l3-ob2.txt
//
// (two-thread runs of ours and OpenBLAS in separate processes: OpenBLAS's
// threads spin after a call). Run OpenBLAS under env -u OPENBLAS_CORETYPE
// -u OPENBLAS_L2_SIZE where those are set to Haswell: that selects its
// AVX2 kernels, the unset environment its AVX-512 (Cooperlake) ones.
//
// Variants: TRSM and TRMM left-lower-notrans (the forward solve of LU) and
// right-upper-trans (Cholesky's panel solve), non-unit; SYMM left-upper and
// right-lower; SYR2K upper-notrans and lower-trans.

// level3Impls are the implementations under comparison.
func level3Impls() []struct {
	name string
	l3   level3
} {
	impls := []struct {
		name string
		l3   level3
	}{
		{"gonum", gonum.Implementation{}},
		{"directpred", kernels.Implementation{}},
	}
	if openblasLevel3 != nil {
		impls = append(impls, struct {
			name string
			l3   level3
		}{"openblas", openblasLevel3})
	}
	return impls
}

var level3Sizes = []int{256, 512, 1000}

// triangular returns an n×n matrix with entries in [−10⁻³/n, 10⁻³/n] off
// the diagonal and 1 on it: every row's off-diagonal sum is below 10⁻³, so
// k TRMMs or TRSMs in a row change B by a factor within e^{±k/1000} and
// the benchmarks can call them back to back, in place, without restoring
// B (hundreds to thousands of calls per run stay far from overflow and
// from subnormal numbers).
func triangular(n int) []float64 {
	a := randFloats(n * n)
	for i := range a {
		a[i] *= 1e-3 / float64(n)
	}
	for i := 0; i < n; i++ {
		a[i*n+i] = 1
	}
	return a
}

func BenchmarkLevel3(b *testing.B) {
	type variant struct {
		name string
		s    blas.Side
		ul   blas.Uplo
		tA   blas.Transpose
	}
	tri := []variant{{"LLN", blas.Left, blas.Lower, blas.NoTrans}, {"RUT", blas.Right, blas.Upper, blas.Trans}}
	sym := []variant{{"LU", blas.Left, blas.Upper, blas.NoTrans}, {"RL", blas.Right, blas.Lower, blas.NoTrans}}
	r2k := []variant{{"UN", blas.Left, blas.Upper, blas.NoTrans}, {"LT", blas.Left, blas.Lower, blas.Trans}}
	for _, n := range level3Sizes {
		a := triangular(n)
		b0, c0 := randFloats(n*n), randFloats(n*n)
		as, bs0, cs0 := toF32(a), toF32(b0), toF32(c0)
		bw, cw := make([]float64, n*n), make([]float64, n*n)
		bws, cws := make([]float32, n*n), make([]float32, n*n)
		flops := float64(n) * float64(n) * float64(n)
		report := func(b *testing.B, f float64) {
			b.ReportMetric(f*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		}
		for _, im := range level3Impls() {
			for _, v := range tri {
				// Back to back, in place: the triangle keeps B bounded
				// (see triangular). Restoring B before every call, outside
				// the timer, made each call start after a stop-the-world
				// (StopTimer reads the memory statistics) with B in the
				// caller's cache only, which cost the two-thread runs
				// 10–15 % at n = 512.
				b.Run(fmt.Sprintf("Dtrsm/%s/n=%d/%s", v.name, n, im.name), func(b *testing.B) {
					copy(bw, b0)
					for b.Loop() {
						im.l3.Dtrsm(v.s, v.ul, v.tA, blas.NonUnit, n, n, 1, a, n, bw, n)
					}
					report(b, flops)
				})
				b.Run(fmt.Sprintf("Strsm/%s/n=%d/%s", v.name, n, im.name), func(b *testing.B) {
					copy(bws, bs0)
					for b.Loop() {
						im.l3.Strsm(v.s, v.ul, v.tA, blas.NonUnit, n, n, 1, as, n, bws, n)
					}
					report(b, flops)
				})
				b.Run(fmt.Sprintf("Dtrmm/%s/n=%d/%s", v.name, n, im.name), func(b *testing.B) {
					copy(bw, b0)
					for b.Loop() {
						im.l3.Dtrmm(v.s, v.ul, v.tA, blas.NonUnit, n, n, 1, a, n, bw, n)
					}
					report(b, flops)
				})
				b.Run(fmt.Sprintf("Strmm/%s/n=%d/%s", v.name, n, im.name), func(b *testing.B) {
					copy(bws, bs0)
					for b.Loop() {
						im.l3.Strmm(v.s, v.ul, v.tA, blas.NonUnit, n, n, 1, as, n, bws, n)
					}
					report(b, flops)
				})
			}
			for _, v := range sym {
				b.Run(fmt.Sprintf("Dsymm/%s/n=%d/%s", v.name, n, im.name), func(b *testing.B) {
					for b.Loop() {
						im.l3.Dsymm(v.s, v.ul, n, n, 1, b0, n, c0, n, 0, cw, n)
					}
					report(b, 2*flops)
				})
				b.Run(fmt.Sprintf("Ssymm/%s/n=%d/%s", v.name, n, im.name), func(b *testing.B) {
					for b.Loop() {
						im.l3.Ssymm(v.s, v.ul, n, n, 1, bs0, n, cs0, n, 0, cws, n)
					}
					report(b, 2*flops)
				})
			}
			for _, v := range r2k {
				b.Run(fmt.Sprintf("Dsyr2k/%s/n=%d/%s", v.name, n, im.name), func(b *testing.B) {
					for b.Loop() {
						im.l3.Dsyr2k(v.ul, v.tA, n, n, 1, b0, n, c0, n, 0, cw, n)
					}
					report(b, 2*flops)
				})
				b.Run(fmt.Sprintf("Ssyr2k/%s/n=%d/%s", v.name, n, im.name), func(b *testing.B) {
					for b.Loop() {
						im.l3.Ssyr2k(v.ul, v.tA, n, n, 1, bs0, n, cs0, n, 0, cws, n)
					}
					report(b, 2*flops)
				})
			}
		}
	}
}
