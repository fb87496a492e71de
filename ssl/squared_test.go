package ssl

import (
	"math"
	"testing"
)

// TestStochasticSyntheticSquared is the paper's E6 through the trainer:
// squared loss, linear encoder 16 → 8, batch 64, plain SGD 0.01, coupled
// weight decay 0.1, EMA 0.99. Without stop-gradient W collapses to 0;
// squared-loss DirectPred keeps all 8 modes, all in the low-noise block.
func TestStochasticSyntheticSquared(t *testing.T) {
	steps := 4000
	if testing.Short() {
		steps = 2500
	}
	run := func(mod func(c *Config)) *Trainer {
		c := synthConfig("directpred", steps)
		c.Loss, c.Batch, c.LR, c.Momentum, c.WeightDecay = "squared", 64, 0.01, 0, 0.1
		mod(&c)
		tr, err := NewTrainer(c, synthData(t))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Run(nil); err != nil {
			t.Fatal(err)
		}
		return tr
	}
	weights := func(tr *Trainer) []float64 {
		w := tr.Online.Layers[0].(*Linear[float32]).W.Data
		out := make([]float64, len(w))
		for i, v := range w {
			out[i] = float64(v)
		}
		return out
	}
	w0 := frob(weights(run(func(c *Config) { c.Steps = 1 })))
	nsg := frob(weights(run(func(c *Config) { c.NoStopGrad, c.Target = true, "simsiam" })))
	t.Logf("‖W(0)‖ ≈ %.3f, no stop-grad ‖W‖ = %.3g", w0, nsg)
	if nsg > 1e-6*w0 {
		t.Fatalf("no stop-grad: ‖W‖ = %g, want collapse", nsg)
	}
	for _, eps := range []float64{0, 0.1} {
		tr := run(func(c *Config) { c.Eps = eps })
		w := weights(tr)
		m := &LinearModel{N1: 16, N2: 8, W: w}
		e := m.LowNoiseEnergy(8)
		f := make([]float64, 64)
		for i := 0; i < 8; i++ {
			for j := 0; j < 8; j++ {
				for k := 0; k < 16; k++ {
					f[i*8+j] += w[i*16+k] * w[j*16+k]
				}
			}
		}
		s, _, err := symEig(f, 8)
		if err != nil {
			t.Fatal(err)
		}
		modes := 0
		for _, v := range s {
			if v > 1e-3*s[7] {
				modes++
			}
		}
		t.Logf("DirectPred ε=%g: %d modes, low-noise energy %.4f, s=%.3f", eps, modes, e, s)
		if modes != 8 || e < 0.99 || math.IsNaN(e) {
			t.Fatalf("ε=%g: %d modes, low-noise energy %g", eps, modes, e)
		}
	}
}
