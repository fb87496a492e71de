package ssl

import (
	"math"
	"runtime"
	"testing"
)

// synthConfig is the paper's E7 setting: x ~ N(0, I16), views with noise
// variance 0.1 (8 semantic coordinates) and 3.0 (8 nuisance ones), linear
// bias-free encoder 16 → 8, batch 128, SGD 0.05 / 0.9 / 5e-3, EMA 0.99.
func synthConfig(method PredictorKind, steps int) Config {
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
		for _, m := range []PredictorKind{PredLinear, PredDirectPred, PredDirectCopy} {
			c := synthConfig(m, steps)
			c.Seed = seed
			res := runSynth(t, c)
			t.Logf("seed %d %s: eff rank %.3f, alignment %.4f, output std %.4f, loss %.4f, F̂ %.3f",
				seed, m, res.Diag.EffRank, res.Diag.Alignment, res.Diag.OutputStd, res.FinalLoss, res.Diag.FSpectrum)
			if res.Diag.EffRank < 0.95*d {
				t.Errorf("seed %d %s: effective rank %.3f < %.2f", seed, m, res.Diag.EffRank, 0.95*d)
			}
			// Healthy: the std of ℓ2-normalised outputs is ≈ 1/√d; the
			// predictor is aligned with F̂'s eigenvectors.
			if math.Abs(res.Diag.OutputStd*math.Sqrt(d)-1) > 0.05 || res.Diag.Alignment < 0.98 {
				t.Errorf("seed %d %s: output std %.4f (1/√d = %.4f), alignment %.4f", seed, m, res.Diag.OutputStd, 1/math.Sqrt(d), res.Diag.Alignment)
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
	for _, prec := range []Precision{FP32, BF16} {
		c.Precision = prec
		checkDeterministic(t, c, train)
	}
}

func checkDeterministic(t *testing.T, c Config, train *Images) {
	t.Helper()
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
			t.Fatalf("%s: state[%d] differs: %g vs %g", c.Precision, i, a[i], b[i])
		}
	}
}

// TestBF16Training checks that Precision BF16 reaches the layers (the
// trajectory differs from float32's) and trains as well on the paper's
// synthetic setting: full effective rank, predictor aligned with F̂.
func TestBF16Training(t *testing.T) {
	steps := 1500
	const d = 8
	for _, m := range []PredictorKind{PredDirectPred, PredLinear} {
		c := synthConfig(m, steps)
		c.Precision = BF16
		res := runSynth(t, c)
		c.Precision = FP32
		ref := runSynth(t, c)
		t.Logf("%s bf16: eff rank %.3f, alignment %.4f, loss %.4f (fp32: %.3f, %.4f, %.4f)", m,
			res.Diag.EffRank, res.Diag.Alignment, res.FinalLoss, ref.Diag.EffRank, ref.Diag.Alignment, ref.FinalLoss)
		if res.FinalLoss == ref.FinalLoss {
			t.Errorf("%s: bf16 and fp32 runs end with the same loss %v: the precision is not used", m, res.FinalLoss)
		}
		if res.Diag.EffRank < 0.95*d || res.Diag.Alignment < 0.98 {
			t.Errorf("%s bf16: effective rank %.3f, alignment %.4f", m, res.Diag.EffRank, res.Diag.Alignment)
		}
	}
	for _, s := range []string{"fp32", "bf16"} {
		if p, err := ParsePrecision(s); err != nil || string(p) != s {
			t.Errorf("ParsePrecision(%q) = %q, %v", s, p, err)
		}
	}
	if _, err := ParsePrecision("fp16"); err == nil {
		t.Error("ParsePrecision accepted fp16")
	}
}

func TestTrainerVariants(t *testing.T) {
	data := synthData(t)
	base := synthConfig("linear", 6)
	base.Net = NetSpec{Backbone: []int{16, 12}, Projector: []int{12, 10, 8}, Bias: true, BNAffine: true}
	variants := map[string]func(c *Config){
		"linear+bias":        func(c *Config) { c.PredictorBias = true },
		"squared":            func(c *Config) { c.Loss = "squared" },
		"squared directpred": func(c *Config) { c.Loss, c.Method = "squared", "directpred" },
		"simsiam":            func(c *Config) { c.Target = "simsiam" },
		"independent target": func(c *Config) { c.IndependentTarget = true },
		"cosine schedules": func(c *Config) {
			c.LRSchedule, c.TauSchedule, c.WarmupSteps = ScheduleCosine, ScheduleCosine, 2
		},
		"directpred freq 2": func(c *Config) { c.Method, c.Freq = "directpred", 2 },
		"directcopy":        func(c *Config) { c.Method = "directcopy" },
		"none":              func(c *Config) { c.Method = "none" },
		"no stop-grad none": func(c *Config) { c.Method, c.NoStopGrad, c.Target = "none", true, "simsiam" },
		"epochs":            func(c *Config) { c.Steps, c.Epochs = 0, 1 },
	}
	for name, mod := range variants {
		c := base
		mod(&c)
		tr, err := NewTrainer(c, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if (tr.Target == nil) != (c.Target == "simsiam") {
			t.Fatalf("%s: target network presence wrong", name)
		}
		if tr.Target != nil {
			same := equal32(tr.Target.Params()[0].Data, tr.Online.Params()[0].Data)
			if same == c.IndependentTarget {
				t.Fatalf("%s: target init copy=%v, want %v", name, same, !c.IndependentTarget)
			}
		}
		if c.PredictorBias && tr.Pred.B == nil {
			t.Fatalf("%s: predictor has no bias", name)
		}
		var calls int
		res, err := tr.Run(func(p Progress) error {
			calls++
			if p.MsPerStep <= 0 {
				t.Errorf("%s: progress without timing", name)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		wantSteps := c.Steps
		if c.Steps == 0 {
			wantSteps = data.Len() / c.Batch
		}
		if res.Steps != wantSteps || calls != 1 || math.IsNaN(res.FinalLoss) || res.PredictorSkips != 0 {
			t.Fatalf("%s: result %+v, %d callbacks", name, res, calls)
		}
	}
}

func TestDirectPredFreqOneLeavesPredictorUntrained(t *testing.T) {
	// With freq = 1 the predictor is set from F̂ after every step and gets
	// no gradient: it must equal the DirectPred formula applied to F̂.
	c := synthConfig("directpred", 5)
	tr, err := NewTrainer(c, synthData(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Run(nil); err != nil {
		t.Fatal(err)
	}
	ref := NewDirectSetter(PredDirectPred, 8, c.Eps, LossCosine, &gonumEigen{})
	w := make([]float32, 64)
	ref.Compute(tr.corr.F, w)
	for i := range w {
		if math.Abs(float64(w[i]-tr.Pred.W.Data[i])) > 1e-5 {
			t.Fatalf("W_p[%d] = %g, want %g", i, tr.Pred.W.Data[i], w[i])
		}
	}
	if a := asymmetry32(tr.Pred.W.Data, 8); a > 1e-6 {
		t.Fatalf("DirectPred W_p asymmetric: %g", a)
	}
}

func asymmetry32(w []float32, n int) float64 {
	x := make([]float64, len(w))
	for i, v := range w {
		x[i] = float64(v)
	}
	return Asymmetry(x, n)
}

// TestPredictorInitAndLR: an identity-initialised predictor starts at W_p =
// I; PredictorLR scales the learned predictor's SGD step (and nothing
// else); their defaults ("", 0 and the explicit random, 1) leave a run's
// checkpoint fingerprint as it was before the fields existed.
func TestPredictorInitAndLR(t *testing.T) {
	data := synthData(t)
	base := synthConfig("linear", 6)
	id := base
	id.PredictorInit = InitIdentity
	tr, err := NewTrainer(id, data)
	if err != nil {
		t.Fatal(err)
	}
	d := tr.Online.Out()
	for i, v := range tr.Pred.W.Data {
		want := float32(0)
		if i/d == i%d {
			want = 1
		}
		if v != want {
			t.Fatalf("identity init: W[%d,%d] = %v", i/d, i%d, v)
		}
	}

	step := func(c Config) (w0, w1 []float32, enc []float32) {
		tr, err := NewTrainer(c, data)
		if err != nil {
			t.Fatal(err)
		}
		w0 = append([]float32(nil), tr.Pred.W.Data...)
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
		return w0, tr.Pred.W.Data, tr.Online.Params()[0].Data
	}
	fast := base
	fast.PredictorLR = 4
	a0, a1, encA := step(base)
	b0, b1, encB := step(fast)
	if !equal32(a0, b0) || !equal32(encA, encB) {
		t.Fatal("PredictorLR changed the initial predictor or the encoder's first step")
	}
	var moved bool
	for i := range a0 {
		da, db := float64(a1[i]-a0[i]), float64(b1[i]-b0[i])
		// One step from zero momentum: Δ = −lr·α_p·(g + wd·w), rounded to
		// float32 in the update and in the subtraction above.
		if math.Abs(db-4*da) > 1e-6*(math.Abs(db)+math.Abs(float64(a0[i]))) {
			t.Fatalf("W[%d]: step %g with α_p = 4, want 4 × %g", i, db, da)
		}
		moved = moved || da != 0
	}
	if !moved {
		t.Fatal("the predictor did not move")
	}

	fp := func(c Config) uint64 {
		tr, err := NewTrainer(c, data)
		if err != nil {
			t.Fatal(err)
		}
		return tr.fingerprint()
	}
	zero := base
	zero.PredictorInit, zero.PredictorLR = "", 0
	if fp(base) != fp(zero) {
		t.Error("the default predictor init and rate change the fingerprint")
	}
	if fp(base) == fp(id) || fp(base) == fp(fast) {
		t.Error("a non-default predictor init or rate leaves the fingerprint unchanged")
	}
}
