package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestCovarianceSetState checkpoints accumulators (equal weights and EMA,
// both precisions, float64 and float32 products) after two batches through
// Count/Mean/Covariance, restores them with SetState into fresh ones, and
// checks that two more batches leave both bitwise equal.
func TestCovarianceSetState(t *testing.T) {
	testCovSetState[float32](t)
	testCovSetState[float64](t)
}

func testCovSetState[T float](t *testing.T) {
	const b, d = 37, 21
	rnd := rand.New(rand.NewPCG(5, 8))
	batches := make([][]T, 4)
	for i := range batches {
		batches[i] = offsetBatch[T](rnd, b, d)
	}
	for _, ema := range []bool{false, true} {
		for _, f32 := range []bool{false, true} {
			mk := func() *Covariance[T] {
				c := NewCovariance[T](d)
				if ema {
					c = NewEMACovariance[T](d, 0.3)
				}
				c.SetFloat32Products(f32)
				return c
			}
			orig := mk()
			orig.Add(batches[0])
			orig.Add(batches[1])
			restored := mk()
			restored.Add(batches[3]) // state to be overwritten
			restored.SetState(orig.Count(), orig.Mean(nil), orig.Covariance(nil))
			for _, x := range batches[2:] {
				orig.Add(x)
				restored.Add(x)
			}
			if orig.Count() != restored.Count() {
				t.Fatalf("ema %v f32 %v: count %d, want %d", ema, f32, restored.Count(), orig.Count())
			}
			same := func(what string, got, want []float64) {
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("ema %v f32 %v: %s[%d] = %v, want %v", ema, f32, what, i, got[i], want[i])
					}
				}
			}
			same("mean", restored.Mean(nil), orig.Mean(nil))
			same("covariance", restored.Covariance(nil), orig.Covariance(nil))
			same("second moment", restored.SecondMoment(nil), orig.SecondMoment(nil))

			empty := mk()
			restored.SetState(0, make([]float64, d), make([]float64, d*d))
			if restored.Count() != 0 {
				t.Fatalf("SetState(0, …) left count %d", restored.Count())
			}
			restored.Add(batches[0])
			empty.Add(batches[0])
			same("after SetState(0)", restored.Covariance(nil), empty.Covariance(nil))
		}
	}
}

func TestCovarianceSetStatePanics(t *testing.T) {
	c := NewCovariance[float64](3)
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"negative", func() { c.SetState(-1, make([]float64, 3), make([]float64, 9)) }, covBadCount},
		{"shortMean", func() { c.SetState(1, make([]float64, 2), make([]float64, 9)) }, covShortSrc},
		{"shortCov", func() { c.SetState(1, make([]float64, 3), make([]float64, 8)) }, covShortSrc},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != tc.want {
					t.Errorf("panic = %v, want %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
}
