package kernels

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/internal/testutil"
)

// BenchmarkGemm measures square NN products on every dispatch path this CPU
// can run, in both precisions, reporting GFLOP/s (2n³ flops per call).
func BenchmarkGemm(b *testing.B) {
	for _, p := range isas {
		if !p.available {
			continue
		}
		b.Run(p.name, func(b *testing.B) {
			for _, n := range []int{64, 128, 256, 512, 1024} {
				b.Run(fmt.Sprintf("s/n=%d", n), func(b *testing.B) { benchGemm(b, p.name, Sgemm, n) })
				b.Run(fmt.Sprintf("d/n=%d", n), func(b *testing.B) { benchGemm(b, p.name, Dgemm, n) })
			}
		})
	}
}

func benchGemm[T float](b *testing.B, name string, f gemmFunc[T], n int) {
	restore, err := useISA(name)
	if err != nil {
		b.Fatal(err)
	}
	defer restore()
	rnd := rand.New(rand.NewPCG(1, 2))
	a := make([]T, n*n)
	bm := make([]T, n*n)
	c := make([]T, n*n)
	testutil.Fill(rnd, a)
	testutil.Fill(rnd, bm)
	f(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bm, n, 0, c, n) // warm the pools
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bm, n, 0, c, n)
	}
	b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkGemmMicro measures the micro-kernel of every available path alone,
// on one full tile with packed operands that stay in L1/L2, reporting
// GFLOP/s (2·MR·NR·k flops per call).
func BenchmarkGemmMicro(b *testing.B) {
	for _, p := range isas {
		if !p.available {
			continue
		}
		for _, k := range []int{64, 256, 512} {
			b.Run(fmt.Sprintf("%s/s/k=%d", p.name, k), func(b *testing.B) { benchMicro(b, &p.s, k) })
			b.Run(fmt.Sprintf("%s/d/k=%d", p.name, k), func(b *testing.B) { benchMicro(b, &p.d, k) })
		}
	}
}

func benchMicro[T float](b *testing.B, g *gemmImpl[T], k int) {
	rnd := rand.New(rand.NewPCG(1, 2))
	a := alignedSlice[T](g.mr * k)
	bp := alignedSlice[T](g.nr * k)
	c := alignedSlice[T](g.mr * g.nr)
	testutil.Fill(rnd, a)
	testutil.Fill(rnd, bp)
	b.ReportAllocs()
	for b.Loop() {
		g.kernel(k, 1, a, bp, g.nr, 1, c, g.nr, g.mr, g.nr)
	}
	b.ReportMetric(2*float64(g.mr*g.nr*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// BenchmarkGemmRatio compares every other available path with the best one
// on square NN products, alternating the two within each iteration so that
// both see the same load from other processes (on a shared machine the
// sequential BenchmarkGemm numbers drift by tens of percent). It reports each
// path's GFLOP/s as the median over iterations and "ratio", the median of the
// per-iteration speed ratios path/best.
func BenchmarkGemmRatio(b *testing.B) {
	best := AvailableISAs()[0]
	for _, p := range isas {
		if !p.available || p.name == best || p.name == "generic" {
			continue
		}
		for _, n := range []int{256, 512, 1024} {
			b.Run(fmt.Sprintf("%s/s/n=%d", p.name, n), func(b *testing.B) { benchRatio(b, best, p.name, Sgemm, n) })
			b.Run(fmt.Sprintf("%s/d/n=%d", p.name, n), func(b *testing.B) { benchRatio(b, best, p.name, Dgemm, n) })
		}
	}
}

func benchRatio[T float](b *testing.B, best, name string, f gemmFunc[T], n int) {
	rnd := rand.New(rand.NewPCG(1, 2))
	a := make([]T, n*n)
	bm := make([]T, n*n)
	c := make([]T, n*n)
	testutil.Fill(rnd, a)
	testutil.Fill(rnd, bm)
	flops := 2 * float64(n) * float64(n) * float64(n)
	timed := func(isa string) float64 {
		restore, err := useISA(isa)
		if err != nil {
			b.Fatal(err)
		}
		defer restore()
		t0 := time.Now()
		f(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bm, n, 0, c, n)
		return flops / time.Since(t0).Seconds() / 1e9
	}
	timed(best) // warm the pools
	timed(name)
	var gBest, gPath, ratio []float64
	for b.Loop() {
		x, y := timed(best), timed(name)
		gBest, gPath, ratio = append(gBest, x), append(gPath, y), append(ratio, y/x)
	}
	median := func(v []float64) float64 { slices.Sort(v); return v[len(v)/2] }
	b.ReportMetric(median(gBest), best+"-GFLOP/s")
	b.ReportMetric(median(gPath), name+"-GFLOP/s")
	b.ReportMetric(median(ratio), "ratio")
}
