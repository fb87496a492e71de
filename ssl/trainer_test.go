package ssl

import (
	"runtime"
	"testing"
)

// synthConfig is the paper's E7 setting: x ~ N(0, I16), views with noise
// variance 0.1 (8 semantic coordinates) and 3.0 (8 nuisance ones), linear
// bias-free encoder 16 → 8, batch 128, SGD 0.05 / 0.9 / 5e-3, EMA 0.99.
func synthConfig(method string, steps int) Config {
	c := DefaultConfig()
	c.Method = method
	c.Net = NetSpec{Backbone: []int{16}, Projector: []int{16, 8}}
	c.Batch, c.Steps, c.Epochs = 128, steps, 0
	c.LR, c.Momentum, c.WeightDecay = 0.05, 0.9, 5e-3
	c.Tau = 0.99
	c.DiagEvery = 0
	return c
}

func synthData(t testing.TB) Dataset {
	d, err := NewSynthetic(8192, TwoBlockNoise(8, 0.1, 3.0), 7)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func runSynth(t *testing.T, c Config) Result {
	t.Helper()
	tr, err := NewTrainer(c, synthData(t))
	if err != nil {
		t.Fatal(err)
	}
	res, err := tr.Run(nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestStochasticSyntheticCosine(t *testing.T) {
	steps := 3000
	if testing.Short() {
		steps = 1500
	}
	const d = 8
	for _, seed := range []uint64{1, 2} {
		for _, m := range []string{"linear", "directpred", "directcopy"} {
			c := synthConfig(m, steps)
			c.Seed = seed
			res := runSynth(t, c)
			t.Logf("seed %d %s: eff rank %.3f, alignment %.4f, output std %.4f, loss %.4f, F̂ %.3f",
				seed, m, res.Diag.EffRank, res.Diag.Alignment, res.Diag.OutputStd, res.FinalLoss, res.Diag.FSpectrum)
			if res.Diag.EffRank < 0.95*d {
				t.Errorf("seed %d %s: effective rank %.3f < %.2f", seed, m, res.Diag.EffRank, 0.95*d)
			}
		}
		// Without stop-gradient (same DirectPred predictor, the online
		// network in both branches) the representation collapses
		// dimensionally: half of the modes die.
		c := synthConfig("directpred", steps)
		c.Seed, c.NoStopGrad, c.Target = seed, true, "simsiam"
		res := runSynth(t, c)
		t.Logf("seed %d no stop-grad: eff rank %.3f, F̂ %.3g", seed, res.Diag.EffRank, res.Diag.FSpectrum)
		if res.Diag.EffRank > 0.6*d {
			t.Errorf("seed %d no stop-grad: effective rank %.3f > %.2f", seed, res.Diag.EffRank, 0.6*d)
		}
	}
}

func TestDeterminismAcrossGOMAXPROCS(t *testing.T) {
	c := DefaultConfig()
	// Wide enough that BatchNorm, ReLU and the GEMMs split across workers.
	c.Net = NetSpec{Backbone: []int{784, 256}, Projector: []int{256, 128, 32}, Bias: true, BNAffine: true}
	c.Batch, c.Steps, c.Epochs = 64, 6, 0
	train, _, err := EmbeddedFashionMNIST()
	if err != nil {
		t.Fatal(err)
	}
	run := func(procs int) []float32 {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		tr, err := NewTrainer(c, NewImageDataset(train))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tr.Run(nil); err != nil {
			t.Fatal(err)
		}
		var all []float32
		for _, s := range tr.state32() {
			all = append(all, s...)
		}
		return all
	}
	a, b := run(1), run(4)
	if len(a) != len(b) {
		t.Fatal("state sizes differ")
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("state[%d] differs: %g vs %g", i, a[i], b[i])
		}
	}
}
