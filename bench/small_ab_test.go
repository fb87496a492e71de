package bench

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/directpred/directpred/kernels"
)

// BenchmarkSmallAB times the small calls of BenchmarkSmallGemm/Gemv/Dot/
// Axpy with ours and gonum's alternated in blocks of smallABBlock calls
// (the order swapped every other round), and reports the median of the
// per-round ratios ours/gonum ("x-gonum") beside the median times of both.
// On a machine whose speed changes for seconds at a time (this VM: the same
// call takes 5 or 10 ns for a few seconds), back-to-back runs of one
// benchmark and then the other compare different states; rounds of a few
// microseconds each compare like with like. Each b.N iteration is one
// round:
//
//	GOMAXPROCS=1 go test -run XXX -bench 'SmallAB' -benchtime 300x ./bench/
func BenchmarkSmallAB(b *testing.B) {
	var ours, ref blas.Float64 = kernels.Implementation{}, gonum.Implementation{}
	var ours32, ref32 blas.Float32 = kernels.Implementation{}, gonum.Implementation{}
	run := func(name string, f, g func()) {
		b.Run(name, func(b *testing.B) {
			var rs, fs, gs []float64
			for i := 0; b.Loop(); i++ {
				tf, tg := smallABRound(f, g, i%2 == 1)
				rs, fs, gs = append(rs, tf/tg), append(fs, tf), append(gs, tg)
			}
			b.ReportMetric(median(rs), "x-gonum")
			b.ReportMetric(median(fs)/smallABBlock, "ours-ns/call")
			b.ReportMetric(median(gs)/smallABBlock, "gonum-ns/call")
		})
	}
	for n := 1; n <= 16; n++ {
		a, bb, c := randFloats(n*n), randFloats(n*n), randFloats(n*n)
		as, bs, cs := toF32(a), toF32(bb), toF32(c)
		run(fmt.Sprintf("Dgemm/n=%d", n),
			func() { ours.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bb, n, 0.5, c, n) },
			func() { ref.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bb, n, 0.5, c, n) })
		run(fmt.Sprintf("Sgemm/n=%d", n),
			func() { ours32.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, as, n, bs, n, 0.5, cs, n) },
			func() { ref32.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, as, n, bs, n, 0.5, cs, n) })
	}
	for _, n := range smallVecSizes {
		a, x, y := randFloats(n*n), randFloats(n), randFloats(n)
		as, xs, ys := toF32(a), toF32(x), toF32(y)
		for _, tA := range []blas.Transpose{blas.NoTrans, blas.Trans} {
			run(fmt.Sprintf("Dgemv%c/n=%d", tA, n),
				func() { ours.Dgemv(tA, n, n, 1, a, n, x, 1, 0.5, y, 1) },
				func() { ref.Dgemv(tA, n, n, 1, a, n, x, 1, 0.5, y, 1) })
			run(fmt.Sprintf("Sgemv%c/n=%d", tA, n),
				func() { ours32.Sgemv(tA, n, n, 1, as, n, xs, 1, 0.5, ys, 1) },
				func() { ref32.Sgemv(tA, n, n, 1, as, n, xs, 1, 0.5, ys, 1) })
		}
		run(fmt.Sprintf("Ddot/n=%d", n),
			func() { sinkF64 = ours.Ddot(n, x, 1, y, 1) },
			func() { sinkF64 = ref.Ddot(n, x, 1, y, 1) })
		run(fmt.Sprintf("Sdot/n=%d", n),
			func() { sinkF32 = ours32.Sdot(n, xs, 1, ys, 1) },
			func() { sinkF32 = ref32.Sdot(n, xs, 1, ys, 1) })
		run(fmt.Sprintf("Daxpy/n=%d", n),
			func() { ours.Daxpy(n, 1e-9, x, 1, y, 1) },
			func() { ref.Daxpy(n, 1e-9, x, 1, y, 1) })
		run(fmt.Sprintf("Saxpy/n=%d", n),
			func() { ours32.Saxpy(n, 1e-9, xs, 1, ys, 1) },
			func() { ref32.Saxpy(n, 1e-9, xs, 1, ys, 1) })
	}
}

// smallABBlock is the number of calls per block of BenchmarkSmallAB.
const smallABBlock = 200

// smallABRound times one block of f and one of g (g first if swap) and
// returns both durations in nanoseconds.
func smallABRound(f, g func(), swap bool) (tf, tg float64) {
	block := func(h func()) float64 {
		t0 := time.Now()
		for range smallABBlock {
			h()
		}
		return float64(time.Since(t0))
	}
	if swap {
		tg = block(g)
		tf = block(f)
	} else {
		tf = block(f)
		tg = block(g)
	}
	return tf, tg
}

// median returns the median of r (sorted in place).
func median(r []float64) float64 {
	slices.Sort(r)
	return r[len(r)/2]
}
