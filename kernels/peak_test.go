package kernels

import (
	"math"
	"testing"
	"time"
)

// TestMeasurePeak runs on every build (assembly on amd64/arm64, the Go loop
// with purego or elsewhere): the peak must be positive and finite, double
// precision must not beat single precision by more than noise, and the
// per-iteration flop counts must match the loop shapes.
func TestMeasurePeak(t *testing.T) {
	f32, f64 := MeasurePeak(40 * time.Millisecond)
	t.Logf("peak (%s): %.1f GFLOP/s f32, %.1f GFLOP/s f64", PeakISA(), f32, f64)
	for _, v := range []float64{f32, f64} {
		if !(v > 0) || math.IsInf(v, 0) || v > 1e5 {
			t.Fatalf("implausible peak %g GFLOP/s", v)
		}
	}
	if f64 > 1.5*f32 {
		t.Errorf("f64 peak %.1f exceeds f32 peak %.1f by more than 50%%", f64, f32)
	}
	if got := peakLoop(0, false); got != 0 && PeakISA() != "generic" {
		t.Errorf("peakLoop(0) = %g flops, want 0", got)
	}
	// Flops are linear in n, and a lane of float32 counts twice a lane of float64.
	a, b := peakLoop(100, false), peakLoop(300, false)
	if a <= 0 || b != 3*a {
		t.Errorf("peakLoop flops: n=100 → %g, n=300 → %g; want positive and linear", a, b)
	}
	if PeakISA() != "generic" {
		if s, d := peakLoop(64, false), peakLoop(64, true); s != 2*d {
			t.Errorf("vector FMA loop: %g f32 flops vs %g f64 flops per 64 iterations, want 2:1", s, d)
		}
	}
	if g := genericPeakLoop(10, true); g != 160 {
		t.Errorf("genericPeakLoop(10) = %g flops, want 160", g)
	}
}
