package kernels

import (
	"runtime"
	"time"
)

// MeasurePeak measures this machine's single-core floating-point peak in
// GFLOP/s, in single (f32) and double (f64) precision, by timing a loop of
// independent fused multiply-add chains for about d in total (at least a
// few milliseconds). On amd64 the loop is VFMADD231PS/PD on the widest
// vectors the CPU has (AVX-512 or AVX2+FMA), on arm64 vector FMLA; with the
// purego build tag or elsewhere it is a portable Go loop of independent
// multiply-adds (whatever the compiler makes of it). PeakISA names the
// instructions used. The result is the best of several timed repetitions,
// taken on one locked OS thread; it does not depend on DIRECTPRED_ISA.
func MeasurePeak(d time.Duration) (f32, f64 float64) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	half := max(d/2, 2*time.Millisecond)
	return measurePeak(false, half), measurePeak(true, half)
}

// PeakISA names the instructions MeasurePeak times: "avx512", "avx2",
// "neon" or "generic".
func PeakISA() string { return peakISA() }

// measurePeak calibrates the iteration count to about budget/5 per
// repetition and returns the best rate over the repetitions that fit in
// budget.
func measurePeak(f64 bool, budget time.Duration) float64 {
	n := 1024
	var best float64
	deadline := time.Now().Add(budget)
	for reps := 0; ; reps++ {
		start := time.Now()
		flops := peakLoop(n, f64)
		el := time.Since(start)
		if el > 0 {
			if r := flops / el.Seconds() / 1e9; r > best {
				best = r
			}
		}
		if time.Now().After(deadline) && reps >= 2 {
			break
		}
		// Grow the repetition towards budget/5 (but at most 8× at a time).
		if target := budget / 5; el < target {
			scale := 8.0
			if el > 0 {
				scale = min(8, float64(target)/float64(el))
			}
			if scale > 1.1 {
				n = int(float64(n) * scale)
			}
		}
	}
	return best
}

// genericPeakLoop is the portable fallback: n iterations of eight
// independent multiply-add chains per precision; it returns the flop count.
func genericPeakLoop(n int, f64 bool) float64 {
	if f64 {
		peakSink64 = peakChains(n, 0.999999, 1e-9)
	} else {
		peakSink32 = peakChains[float32](n, 0.999, 1e-6)
	}
	return float64(n) * 8 * 2
}

func peakChains[T float](n int, a, b T) T {
	var c0, c1, c2, c3, c4, c5, c6, c7 T
	for i := 0; i < n; i++ {
		c0 = c0*a + b
		c1 = c1*a + b
		c2 = c2*a + b
		c3 = c3*a + b
		c4 = c4*a + b
		c5 = c5*a + b
		c6 = c6*a + b
		c7 = c7*a + b
	}
	return c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7
}

// Sinks keep the generic loop's results alive.
var (
	peakSink32 float32
	peakSink64 float64
)
