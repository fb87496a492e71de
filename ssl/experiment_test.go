package ssl

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// experimentRun is one (method, seed) row of the Fashion-MNIST experiment,
// as stored under SSL_RESULTS.
type experimentRun struct {
	Method, Mode          string
	Seed, Epochs          int
	Probe, ProbeTrain     float64 // accuracy in %
	KNN                   float64 // 20-NN accuracy in %
	Lambda                float64 // the probe's chosen λ
	ProbeIters            int
	ProbeGrad, ProbeSec   float64
	EffRank               float64
	Loss                  *float64 // final loss (nil for the untrained encoder)
	SecPerEpoch, MsPerStp float64
	MsEigen               float64
}

// TestFashionMNISTExperiment is the Fashion-MNIST protocol: encoder
// 784 → 1024 → 1024 (BN, ReLU; probed) → projector 1024 → 512 (BN, ReLU) →
// 128, predictor 128×128, batch 256, SGD 0.05 / 0.9 / 5e-4, τ = 0.996; linear
// probe (λ chosen on a validation split) and 20-NN for directpred, linear,
// none and the random-initialised encoder. It is long, so it only runs when
// SSL_EXPERIMENT is "embedded" (the 3000/1000 subset) or "full" (Debian's
// dataset-fashion-mnist); SSL_EPOCHS (20) and SSL_SEEDS (3) and
// SSL_FIRST_SEED (1) scale it; SSL_EVAL_EPOCHS ("1,2,5") also probes after
// those epochs; SSL_METHODS (comma-separated) runs a subset, and a method
// name with the suffix "-bf16" (e.g. directpred-bf16) trains with
// Precision BF16, and "linear-id" is the learned linear predictor started
// at W_p = I and trained with α_p = 10 (PredictorInit InitIdentity,
// PredictorLR 10).
//
// With SSL_RESULTS=DIR every (method, seed) result is written to DIR as
// JSON and a result already there is reused; a run is claimed by a .claim
// file first, so several processes started with the same settings share the
// runs, and whichever finishes last (or a rerun) checks the claims. A claim
// left by a killed process must be deleted by hand.
//
// Once all five methods (random, none, linear, linear-id, directpred) have
// results it asserts the claims: DirectPred within 0.5 points of (or above)
// either learned linear predictor; DirectPred and the learned linear
// predictor started at W_p = I (linear-id) at least 1 point above the random
// encoder; and no predictor (none) and the learned linear predictor from
// its random initialisation (linear) at least at the random encoder's level.
// The last two are held to less because their projector outputs collapse
// to an effective rank of 2–3, which is what the paper's analysis predicts:
// without a predictor there is no non-trivial fixed point, and a random
// W_p starts modes in the basin of collapse (p_j near or below zero); see
// README "Fashion-MNIST, full set" for the measurements that isolate the
// cause.
func TestFashionMNISTExperiment(t *testing.T) {
	mode := os.Getenv("SSL_EXPERIMENT")
	if mode == "" {
		t.Skip("set SSL_EXPERIMENT=embedded or full to run the Fashion-MNIST experiment")
	}
	var train, test *Images
	var err error
	if mode == "full" {
		train, test, err = LoadFashionMNIST("/usr/share/datasets/fashion-mnist")
	} else {
		train, test, err = EmbeddedFashionMNIST()
	}
	if err != nil {
		t.Fatal(err)
	}
	epochs, seeds := envInt("SSL_EPOCHS", 20), envInt("SSL_SEEDS", 3)
	first := envInt("SSL_FIRST_SEED", 1)
	dir := os.Getenv("SSL_RESULTS")
	path := func(method string, seed int) string {
		return filepath.Join(dir, fmt.Sprintf("%s-%s-e%d-s%d.json", mode, method, epochs, seed))
	}
	trainEval, testEval := NewImageDataset(train), NewImageDataset(test)
	all := []string{"random", "none", "linear", "linear-id", "directpred"}
	methods := all
	if m := os.Getenv("SSL_METHODS"); m != "" {
		methods = strings.Split(m, ",")
	}
	for _, method := range methods {
		for seed := first; seed < first+seeds; seed++ {
			if dir != "" {
				if _, err := os.Stat(path(method, seed)); err == nil {
					continue // done by an earlier run
				}
				// Claim the run so that a parallel process skips it.
				f, err := os.OpenFile(path(method, seed)+".claim", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
				if errors.Is(err, fs.ErrExist) {
					continue
				} else if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(f, "pid %d\n", os.Getpid())
				f.Close()
			}
			run := runExperiment(t, mode, method, seed, epochs, train, trainEval, testEval)
			if dir != "" {
				b, err := json.MarshalIndent(run, "", "  ")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path(method, seed), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if dir == "" && len(methods) < len(all) {
		return // a partial run without stored results checks nothing
	}
	// Collect every method's results (from this run or from SSL_RESULTS).
	mean := map[string]float64{}
	for _, method := range all {
		var accs []float64
		for seed := first; seed < first+seeds; seed++ {
			var r experimentRun
			if dir == "" {
				break
			}
			b, err := os.ReadFile(path(method, seed))
			if err != nil {
				break
			}
			if err := json.Unmarshal(b, &r); err != nil {
				t.Fatalf("%s: %v", path(method, seed), err)
			}
			accs = append(accs, r.Probe)
		}
		if len(accs) < seeds {
			t.Logf("%s: %d of %d seeds done; the claims are checked once every method has all seeds", method, len(accs), seeds)
			return
		}
		m, s := meanStd(accs)
		mean[method] = m
		t.Logf("%-10s probe %.2f ± %.2f %% over %d seeds", method, m, s, seeds)
	}
	for _, m := range []string{"linear", "linear-id"} {
		if mean["directpred"] < mean[m]-0.5 {
			t.Errorf("DirectPred %.2f%% more than 0.5 points below %s %.2f%%", mean["directpred"], m, mean[m])
		}
	}
	for _, m := range []string{"directpred", "linear-id"} {
		if mean[m] < mean["random"]+1 {
			t.Errorf("%s %.2f%% not clearly above the random encoder %.2f%%", m, mean[m], mean["random"])
		}
	}
	for _, m := range []string{"none", "linear"} {
		if mean[m] < mean["random"] {
			t.Errorf("%s %.2f%% below the random encoder %.2f%%", m, mean[m], mean["random"])
		}
	}
	fmt.Fprintf(os.Stderr, "summary: %v\n", mean)
	checkBF16Experiment(t, dir, path, first, seeds)
}

// checkBF16Experiment asserts the bfloat16 claims once SSL_RESULTS holds
// every seed of "directpred-bf16" (SSL_METHODS=directpred-bf16): its probe
// within 0.3 points of float32 DirectPred's (mean over the seeds), and the
// effective rank of F̂ within 10 %.
func checkBF16Experiment(t *testing.T, dir string, path func(string, int) string, first, seeds int) {
	if dir == "" {
		return
	}
	stats := func(method string) (probe, rank float64, ok bool) {
		var p, r []float64
		for seed := first; seed < first+seeds; seed++ {
			b, err := os.ReadFile(path(method, seed))
			if err != nil {
				return 0, 0, false
			}
			var run experimentRun
			if err := json.Unmarshal(b, &run); err != nil {
				t.Fatalf("%s: %v", path(method, seed), err)
			}
			p, r = append(p, run.Probe), append(r, run.EffRank)
		}
		mp, _ := meanStd(p)
		mr, _ := meanStd(r)
		return mp, mr, true
	}
	p16, r16, ok16 := stats("directpred-bf16")
	p32, r32, ok32 := stats("directpred")
	if !ok16 || !ok32 {
		t.Log("directpred-bf16: not every seed done; the bfloat16 claims are checked once they are")
		return
	}
	t.Logf("directpred fp32 probe %.2f %%, eff rank %.1f; bf16 probe %.2f %%, eff rank %.1f", p32, r32, p16, r16)
	if math.Abs(p16-p32) > 0.3 {
		t.Errorf("bf16 DirectPred probes %.2f %%, %.2f points from float32's %.2f %%", p16, p16-p32, p32)
	}
	if math.Abs(r16-r32) > 0.1*r32 {
		t.Errorf("bf16 DirectPred effective rank %.1f, float32 %.1f: more than 10 %% apart", r16, r32)
	}
}

// runExperiment trains (unless method is "random") and evaluates one run of
// TestFashionMNISTExperiment.
func runExperiment(t *testing.T, mode, method string, seed, epochs int, train *Images, trainEval, testEval Dataset) experimentRun {
	c := DefaultConfig()
	c.Epochs, c.Seed, c.DiagEvery = epochs, uint64(seed), 0
	if method == "random" {
		c.Epochs = 0
	} else {
		m, bf16 := strings.CutSuffix(method, "-bf16")
		if base, ok := strings.CutSuffix(m, "-id"); ok {
			m, c.PredictorInit, c.PredictorLR = base, InitIdentity, 10
		}
		c.Method = PredictorKind(m)
		if bf16 {
			c.Precision = BF16
		}
	}
	tr, err := NewTrainer(c, NewImageDataset(train))
	if err != nil {
		t.Fatal(err)
	}
	var progress func(Progress) error
	if curve := evalEpochs(t); len(curve) > 0 && method != "random" {
		// Diagnostics (and a probe at the chosen epochs) once per
		// epoch; they do not change the training trajectory.
		per := tr.Steps() / epochs
		c.DiagEvery = per
		if tr, err = NewTrainer(c, NewImageDataset(train)); err != nil {
			t.Fatal(err)
		}
		progress = func(p Progress) error {
			if ep := p.Step / per; p.Step%per == 0 && curve[ep] && p.Step < tr.Steps() {
				ev, err := tr.Evaluate(trainEval, testEval, EvalOptions{})
				if err != nil {
					return err
				}
				t.Logf("%-10s seed %d epoch %d: probe %.2f%% (λ %g), kNN %.2f%%, eff rank %.1f",
					method, seed, ep, 100*ev.ProbeAcc, ev.Probe.Lambda, 100*ev.KNNAcc, p.Diag.EffRank)
			}
			return nil
		}
	}
	start := time.Now()
	res, err := tr.Run(progress)
	if err != nil {
		t.Fatal(err)
	}
	perEpoch := time.Since(start).Seconds() / float64(epochs)
	ev, err := tr.Evaluate(trainEval, testEval, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := experimentRun{Method: method, Mode: mode, Seed: seed, Epochs: epochs,
		Probe: 100 * ev.ProbeAcc, ProbeTrain: 100 * ev.Probe.TrainAcc, KNN: 100 * ev.KNNAcc,
		Lambda: ev.Probe.Lambda, ProbeIters: ev.Probe.Iterations, ProbeGrad: ev.Probe.GradNorm, ProbeSec: ev.Probe.Seconds,
		EffRank: res.Diag.EffRank, SecPerEpoch: perEpoch, MsPerStp: res.MsPerStep, MsEigen: res.MsEigen}
	if !math.IsNaN(res.FinalLoss) {
		r.Loss = &res.FinalLoss
	}
	t.Logf("%-10s seed %d: probe %.2f%% (train %.2f%%, λ %g, %d iterations, ‖∇‖∞ %.1e, %.1f s), kNN %.2f%%, eff rank %.1f, loss %.4f, %.1f s/epoch, %.1f ms/step, eigen %.0f ms",
		method, seed, r.Probe, r.ProbeTrain, r.Lambda, r.ProbeIters, r.ProbeGrad, r.ProbeSec, r.KNN, r.EffRank, res.FinalLoss, r.SecPerEpoch, r.MsPerStp, r.MsEigen)
	return r
}

// evalEpochs parses SSL_EVAL_EPOCHS ("1,2,5"): the epochs after which the
// experiment also probes the backbone (the last epoch is probed anyway).
func evalEpochs(t *testing.T) map[int]bool {
	v := os.Getenv("SSL_EVAL_EPOCHS")
	if v == "" {
		return nil
	}
	m := map[int]bool{}
	for _, f := range strings.Split(v, ",") {
		e, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || e < 1 {
			t.Fatalf("SSL_EVAL_EPOCHS: bad epoch %q", f)
		}
		m[e] = true
	}
	return m
}

func meanStd(x []float64) (float64, float64) {
	var m, s float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	if len(x) > 1 {
		s /= float64(len(x) - 1)
	}
	return m, math.Sqrt(s)
}

// TestFashionMNISTSmoke trains a small encoder briefly on the embedded set:
// the loss falls, DirectPred never skips, diagnostics are finite, and the
// run calls the progress callback and writes its checkpoint.
func TestFashionMNISTSmoke(t *testing.T) {
	train, test, err := EmbeddedFashionMNIST()
	if err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	c.Net = NetSpec{Backbone: []int{784, 128}, Projector: []int{128, 64, 32}, Bias: true, BNAffine: true}
	c.Batch, c.Steps, c.Epochs, c.DiagEvery = 64, 60, 0, 20
	c.CheckpointPath = t.TempDir() + "/run.ckpt"
	tr, err := NewTrainer(c, NewImageDataset(train))
	if err != nil {
		t.Fatal(err)
	}
	var losses []float64
	res, err := tr.Run(func(p Progress) error {
		losses = append(losses, p.Loss)
		if math.IsNaN(p.Diag.EffRank) || p.Diag.EffRank < 1 || p.Diag.OutputStd <= 0 {
			t.Errorf("step %d: bad diagnostics %+v", p.Step, p.Diag)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(losses) != 3 || !(losses[2] < losses[0]) {
		t.Fatalf("loss per window %v: want 3 windows and a decrease", losses)
	}
	if res.PredictorSkips != 0 || res.Steps != 60 || res.MsPerStep <= 0 || res.MsEigen <= 0 {
		t.Fatalf("result %+v", res)
	}
	if _, err := os.Stat(c.CheckpointPath); err != nil {
		t.Fatal(err)
	}
	ev, err := tr.Evaluate(NewImageDataset(train), NewImageDataset(test), EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("losses %v; probe %.3f kNN %.3f; eff rank %.2f", losses, ev.ProbeAcc, ev.KNNAcc, res.Diag.EffRank)
	if ev.ProbeAcc < 0.5 || ev.KNNAcc < 0.5 {
		t.Fatalf("probe %g kNN %g: features carry almost no class information", ev.ProbeAcc, ev.KNNAcc)
	}
}
