package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/directpred/directpred/eigen"
	"github.com/directpred/directpred/kernels"
	"gonum.org/v1/gonum/blas"
	gblas "gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/lapack"
	glapack "gonum.org/v1/gonum/lapack/gonum"
)

const benchHelp = `Usage: directpred bench [flags]

Measures this machine's single-core FMA peak (an assembly loop of independent
FMA chains), then the GFLOP/s of Sgemm, SgemmBF16 (bfloat16 products, float32
accumulation), Dgemm (C = A·B, n×n×n) and Ssyrk (C = AᵀA lower, n×n from
n×n) of package kernels beside gonum's native Go implementation (float32 for
SgemmBF16), as a percentage of the peak of all threads running the FMA loop at
once (bfloat16 dot products can pass 100%), and the milliseconds of the symmetric eigensolver (eigenvalues and vectors) of
package eigen beside gonum's Dsyev. The default takes a few seconds; -long
adds larger sizes and times each case longer.

Flags:
`

// benchRand fills x with deterministic values in [-1, 1).
func benchRand[T float32 | float64](x []T, seed uint64) {
	s := seed*0x9e3779b97f4a7c15 + 1
	for i := range x {
		s ^= s << 13
		s ^= s >> 7
		s ^= s << 17
		x[i] = T(float64(s>>11)/(1<<53)*2 - 1)
	}
}

// timeIt runs f once to warm up, then repeatedly for at least minTime (and
// at least 3 times), and returns the mean seconds per call.
func timeIt(minTime time.Duration, f func()) float64 {
	f()
	n := 0
	start := time.Now()
	for n < 3 || time.Since(start) < minTime {
		f()
		n++
	}
	return time.Since(start).Seconds() / float64(n)
}

func parseSizes(flagName, s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 8192 {
			return nil, usagef("%s %q: sizes must be integers in [1, 8192]", flagName, s)
		}
		out = append(out, n)
	}
	return out, nil
}

// allThreadsPeak runs kernels.MeasurePeak on n goroutines at once (each on
// its own OS thread) and returns the summed GFLOP/s: the machine's peak for
// n threads, which is below n × the one-core peak when threads share cores.
func allThreadsPeak(n int, d time.Duration) (f32, f64 float64) {
	r32, r64 := make([]float64, n), make([]float64, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r32[i], r64[i] = kernels.MeasurePeak(d)
		}()
	}
	wg.Wait()
	for i := range r32 {
		f32 += r32[i]
		f64 += r64[i]
	}
	return f32, f64
}

// cmdBench is "directpred bench".
func cmdBench(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	long := fs.Bool("long", false, "larger sizes and longer timing (about a minute)")
	sizesFlag := fs.String("sizes", "", "comma-separated GEMM/SYRK orders n (default 128,256,512; with -long 128,256,512,1024,2048)")
	eigFlag := fs.String("eigen-sizes", "", "comma-separated eigensolver orders (default 64,128,256; with -long 64,128,256,512)")
	minTime := fs.Duration("time", 0, "minimum timing per case (default 60ms, 400ms with -long)")
	threads := fs.Int("threads", 0, "GOMAXPROCS (0: all cores)")
	if err := parseFlags(fs, args, stdout, benchHelp); err != nil {
		return err
	}
	if err := setThreads(*threads); err != nil {
		return err
	}
	sz, esz, mt := "128,256,512", "64,128,256", 60*time.Millisecond
	if *long {
		sz, esz, mt = "128,256,512,1024,2048", "64,128,256,512", 400*time.Millisecond
	}
	if *sizesFlag != "" {
		sz = *sizesFlag
	}
	if *eigFlag != "" {
		esz = *eigFlag
	}
	if *minTime < 0 {
		return usagef("-time %v must be positive", *minTime)
	} else if *minTime > 0 {
		mt = *minTime
	}
	sizes, err := parseSizes("-sizes", sz)
	if err != nil {
		return err
	}
	esizes, err := parseSizes("-eigen-sizes", esz)
	if err != nil {
		return err
	}

	nt := runtime.GOMAXPROCS(0)
	c32, c64 := kernels.MeasurePeak(300 * time.Millisecond)
	p32, p64 := allThreadsPeak(nt, 300*time.Millisecond)
	fmt.Fprintf(stdout, "FMA peak (%s loop): one core %.1f GFLOP/s float32, %.1f float64; %d threads at once %.1f float32, %.1f float64\n",
		kernels.PeakISA(), c32, c64, nt, p32, p64)
	fmt.Fprintf(stdout, "kernels ISA %s, %d threads; %% peak = GFLOP/s ÷ the %d-thread peak\n\n", kernels.ISA(), nt, nt)

	var gb gblas.Implementation
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kernel\tn\tdirectpred GFLOP/s\t% peak\tgonum GFLOP/s\t% peak\tspeed-up\t")
	row := func(name string, n int, flops, peak float64, ours, theirs func()) {
		to, tg := timeIt(mt, ours), timeIt(mt, theirs)
		go1, gg := flops/to/1e9, flops/tg/1e9
		all := peak
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.0f%%\t%.1f\t%.0f%%\t%.1f×\t\n", name, n, go1, 100*go1/all, gg, 100*gg/all, tg/to)
	}
	// SgemmBF16: bfloat16 products, float32 accumulation; % of the float32
	// FMA peak (bfloat16 dot products can exceed 100%), gonum's float32
	// Sgemm beside it.
	for _, k := range []struct {
		name string
		f    func(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int)
	}{{"sgemm", kernels.Sgemm}, {"sgemm-bf16", kernels.SgemmBF16}} {
		for _, n := range sizes {
			a, b, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
			benchRand(a, 1)
			benchRand(b, 2)
			f := 2 * float64(n) * float64(n) * float64(n)
			row(k.name, n, f, p32,
				func() { k.f(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, b, n, 0, c, n) },
				func() { gb.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, b, n, 0, c, n) })
		}
	}
	for _, n := range sizes {
		a, b, c := make([]float64, n*n), make([]float64, n*n), make([]float64, n*n)
		benchRand(a, 1)
		benchRand(b, 2)
		f := 2 * float64(n) * float64(n) * float64(n)
		row("dgemm", n, f, p64,
			func() { kernels.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, b, n, 0, c, n) },
			func() { gb.Dgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, b, n, 0, c, n) })
	}
	for _, n := range sizes {
		a, c := make([]float32, n*n), make([]float32, n*n)
		benchRand(a, 3)
		f := float64(n) * float64(n+1) * float64(n) // n(n+1)/2 entries × 2k flops
		row("ssyrk", n, f, p32,
			func() { kernels.Ssyrk(blas.Lower, blas.Trans, n, n, 1, a, n, 0, c, n) },
			func() { gb.Ssyrk(blas.Lower, blas.Trans, n, n, 1, a, n, 0, c, n) })
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(stdout)
	tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "eigensolver\tn\teigen.Sym ms\tgonum Dsyev ms\tspeed-up\t")
	for _, n := range esizes {
		// A correlation-like SPD matrix: XᵀX/n with X n×n.
		x, a := make([]float64, n*n), make([]float64, n*n)
		benchRand(x, 4)
		kernels.Dgemm(blas.Trans, blas.NoTrans, n, n, n, 1/float64(n), x, n, x, n, 0, a, n)
		var sym eigen.Sym[float64]
		failed := false
		to := timeIt(mt, func() {
			if !sym.Factorize(a, n, n, true) {
				failed = true
			}
		})
		if failed {
			return fmt.Errorf("bench: eigen.Sym failed on a %d×%d SPD matrix", n, n)
		}
		w, work, ac := make([]float64, n), make([]float64, 1), make([]float64, n*n)
		var gl glapack.Implementation
		gl.Dsyev(lapack.EVCompute, blas.Lower, n, ac, n, w, work, -1)
		work = make([]float64, int(work[0]))
		tg := timeIt(mt, func() {
			copy(ac, a)
			gl.Dsyev(lapack.EVCompute, blas.Lower, n, ac, n, w, work, len(work))
		})
		fmt.Fprintf(tw, "values+vectors\t%d\t%.2f\t%.2f\t%.1f×\t\n", n, to*1e3, tg*1e3, tg/to)
	}
	return tw.Flush()
}
