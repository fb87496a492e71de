package ssl

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLBFGSRosenbrock(t *testing.T) {
	f := func(x, g []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		if g != nil {
			g[0] = -2*a - 400*x[0]*b
			g[1] = 200 * b
		}
		return a*a + 100*b*b
	}
	x := []float64{-1.2, 1}
	it, g, ok := minimizeLBFGS(f, x, 1e-10, 500)
	if v := f(x, nil); !ok || g > 1e-10 || it < 10 || v > 1e-12 || math.Abs(x[0]-1) > 1e-5 || math.Abs(x[1]-1) > 1e-5 {
		t.Fatalf("Rosenbrock: f=%g at %v after %d iterations, ‖∇‖∞ %g, converged %v", v, x, it, g, ok)
	}
}

// TestSoftmaxObjectiveGradient checks the probe's gradient against central
// differences of its objective, on more samples than one block.
func TestSoftmaxObjectiveGradient(t *testing.T) {
	rng := NewRNG(5)
	const n, d, c = 2*probeBlock + 37, 6, 4
	x := make([]float64, n*d)
	y := make([]int, n)
	for i := range x {
		x[i] = rng.Norm()
	}
	for i := range y {
		y[i] = int(rng.Intn(c))
	}
	o := newSoftmaxObjective(x, y, d, c)
	o.lambda = 0.3
	w := make([]float64, c*d+c)
	for i := range w {
		w[i] = 0.5 * rng.Norm()
	}
	g := make([]float64, len(w))
	f0 := o.eval(w, g)
	if f1 := o.eval(w, nil); f1 != f0 {
		t.Fatalf("objective with and without gradient: %v vs %v", f0, f1)
	}
	const h = 1e-5
	for i := range w {
		wi := w[i]
		w[i] = wi + h
		fp := o.eval(w, nil)
		w[i] = wi - h
		fm := o.eval(w, nil)
		w[i] = wi
		// Central-difference error: h²/6·|f‴| (≲ 1e-10 here) plus rounding
		// about 2u·|f|/h (≈ 1e-11).
		if fd := (fp - fm) / (2 * h); math.Abs(fd-g[i]) > 1e-8 {
			t.Errorf("∂f/∂w[%d] = %.10g, central difference %.10g", i, g[i], fd)
		}
	}
}

// TestLinearProbeChoosesLambda fits a problem where a weak penalty
// overfits (few samples, one informative and many noise features): the
// path is fitted in descending λ to the tolerance, the chosen λ has the best
// validation accuracy, and it is a strong one.
func TestLinearProbeChoosesLambda(t *testing.T) {
	rng := NewRNG(9)
	const d = 400
	gen := func(n int) ([]float64, []int) {
		x := make([]float64, n*d)
		y := make([]int, n)
		for i := 0; i < n; i++ {
			y[i] = i % 2
			for j := 0; j < d; j++ {
				x[i*d+j] = rng.Norm()
			}
			x[i*d] += 1.2 * float64(2*y[i]-1)
		}
		return x, y
	}
	xtr, ytr := gen(1000)
	xte, yte := gen(2000)
	opt := ProbeOptions{Lambdas: []float64{1e-6, 1e-1, 1e-4, 1, 1e-2}, GradTol: 1e-6}
	r, err := LinearProbe(xtr, ytr, xte, yte, d, 2, opt)
	if err != nil {
		t.Fatal(err)
	}
	weak, err := LinearProbe(xtr, ytr, xte, yte, d, 2, ProbeOptions{Lambdas: []float64{1e-6}, GradTol: 1e-6})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("chosen λ %g: test %.3f (val %.3f, %d iterations, ‖∇‖∞ %.1e); λ = 1e-6: test %.3f", r.Lambda, r.TestAcc, r.ValAcc, r.Iterations, r.GradNorm, weak.TestAcc)
	if len(r.Path) != 5 {
		t.Fatalf("path %+v: want one fit per λ", r.Path)
	}
	best := math.Inf(-1)
	for i, p := range r.Path {
		if i > 0 && p.Lambda >= r.Path[i-1].Lambda {
			t.Errorf("path not in descending λ: %+v", r.Path)
		}
		if p.GradNorm > opt.GradTol {
			t.Errorf("λ %g: ‖∇‖∞ %g above the tolerance", p.Lambda, p.GradNorm)
		}
		best = math.Max(best, p.ValAcc)
	}
	if r.ValAcc != best || !r.Converged || r.GradNorm > opt.GradTol || !(r.Seconds > 0) {
		t.Errorf("result %+v: want the best validation accuracy %g, converged", r, best)
	}
	if r.Lambda < 1e-2 || r.TestAcc <= weak.TestAcc { // held for seeds 1–9 (margins 0.008–0.04)
		t.Errorf("chose λ %g with test accuracy %.3f; the weak penalty gives %.3f", r.Lambda, r.TestAcc, weak.TestAcc)
	}
	if !math.IsNaN(weak.ValAcc) || weak.Path != nil || weak.Lambda != 1e-6 {
		t.Errorf("a one-value grid fits once without validation: %+v", weak)
	}
	for _, bad := range []ProbeOptions{{Lambdas: []float64{0}}, {Lambdas: []float64{}}, {ValFraction: 1}, {GradTol: -1}, {Lambdas: []float64{math.NaN()}}} {
		if _, err := LinearProbe(xtr, ytr, xte, yte, d, 2, bad); err == nil {
			t.Errorf("options %+v accepted", bad)
		}
	}
}

func TestLinearProbeAndKNN(t *testing.T) {
	// Three Gaussian clusters in 5-d, well separated: both classifiers are
	// nearly perfect; with labels shuffled they are at chance level.
	rng := NewRNG(3)
	const d, classes = 5, 3
	gen := func(n int) ([]float64, []int) {
		x := make([]float64, n*d)
		y := make([]int, n)
		for i := 0; i < n; i++ {
			y[i] = i % classes
			for j := 0; j < d; j++ {
				x[i*d+j] = 0.5 * rng.Norm()
			}
			x[i*d+y[i]] += 3
		}
		return x, y
	}
	xtr, ytr := gen(300)
	xte, yte := gen(150)
	pr, err := LinearProbe(xtr, ytr, xte, yte, d, classes, ProbeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	acc, trainAcc := pr.TestAcc, pr.TrainAcc
	knn, err := KNNAccuracy(xtr, ytr, xte, yte, d, classes, 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("probe %.3f (train %.3f), kNN %.3f", acc, trainAcc, knn)
	if acc < 0.97 || knn < 0.97 {
		t.Fatalf("separable clusters: probe %g kNN %g", acc, knn)
	}
	shuffled := append([]int(nil), yte...)
	for i := range shuffled {
		shuffled[i] = int(rng.Intn(classes))
	}
	pr2, _ := LinearProbe(xtr, ytr, xte, shuffled, d, classes, ProbeOptions{})
	if acc2 := pr2.TestAcc; acc2 > 0.55 {
		t.Fatalf("random labels: probe accuracy %g", acc2)
	}
	if _, err := LinearProbe(xtr, ytr, xte, []int{0}, d, classes, ProbeOptions{}); err == nil {
		t.Fatal("size mismatch accepted")
	}
	bad := append([]int(nil), ytr...)
	bad[0] = 7
	if _, err := KNNAccuracy(xtr, bad, xte, yte, d, classes, 5); err == nil {
		t.Fatal("bad label accepted")
	}
}

func TestSGDMatchesPyTorch(t *testing.T) {
	// Two steps of torch.optim.SGD(lr=0.1, momentum=0.9, weight_decay=0.01)
	// on p = 1 with gradients 0.5 then −0.2, worked by hand:
	// g1 = 0.51, buf = 0.51, p = 0.949; g2 = −0.19051, buf = 0.26849, p = 0.922151.
	p := &Param[float32]{Data: []float32{1}, Grad: []float32{0.5}}
	o := NewSGD([]*Param[float32]{p}, 0.9, 0.01)
	o.Step(0.1)
	if math.Abs(float64(p.Data[0])-0.949) > 1e-6 {
		t.Fatalf("step 1: %g", p.Data[0])
	}
	p.Grad[0] = -0.2
	o.Step(0.1)
	if math.Abs(float64(p.Data[0])-0.922151) > 1e-6 {
		t.Fatalf("step 2: %g", p.Data[0])
	}
}

func TestSchedules(t *testing.T) {
	if v := LRAt(ScheduleConstant, 0.3, 50, 10, 100); v != 0.3 {
		t.Fatalf("constant %g", v)
	}
	if v := LRAt(ScheduleCosine, 1, 0, 10, 110); math.Abs(v-0.1) > 1e-15 {
		t.Fatalf("warm-up start %g", v)
	}
	if v := LRAt(ScheduleCosine, 1, 9, 10, 110); v != 1 {
		t.Fatalf("warm-up end %g", v)
	}
	if v := LRAt(ScheduleCosine, 1, 60, 10, 110); math.Abs(v-0.5) > 1e-12 {
		t.Fatalf("cosine midpoint %g", v)
	}
	if v := TauAt(ScheduleCosine, 0.996, 0, 100); math.Abs(v-0.996) > 1e-15 {
		t.Fatalf("tau start %g", v)
	}
	if v := TauAt(ScheduleCosine, 0.996, 100, 100); v != 1 {
		t.Fatalf("tau end %g", v)
	}
	if v := TauAt(ScheduleCosine, 0.99, 50, 100); math.Abs(v-0.995) > 1e-12 {
		t.Fatalf("tau midpoint %g", v)
	}
}

func randPSD(rng *RNG, d int, decay float64) []float64 {
	u := RandomOrthogonal(d, rng)
	f := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			for k := 0; k < d; k++ {
				f[i*d+j] += u[i*d+k] * math.Pow(decay, float64(k)) * u[j*d+k]
			}
		}
	}
	return f
}

func TestDirectSetterAgainstGonum(t *testing.T) {
	const d = 24
	rng := NewRNG(9)
	for k, loss := range []LossKind{LossCosine, LossSquared, LossCosine} {
		prod := NewDirectSetter(PredDirectPred, d, 0.1, loss, newSymEigen())
		prod.Cold = k == 2
		ref := NewDirectSetter(PredDirectPred, d, 0.1, loss, &gonumEigen{})
		f := randPSD(rng, d, 0.7)
		for round := 0; round < 3; round++ { // later rounds use the warm start
			for i := range f {
				f[i] *= 1.01
			}
			w1 := make([]float32, d*d)
			w2 := make([]float32, d*d)
			if u := prod.Compute(f, w1); !u.Applied {
				t.Fatal(u.Reason)
			}
			ref.Compute(f, w2)
			for i := range w1 {
				if math.Abs(float64(w1[i]-w2[i])) > 1e-5 {
					t.Fatalf("%v round %d: W_p[%d] %g vs gonum %g", loss, round, i, w1[i], w2[i])
				}
			}
		}
		// W_p commutes with F and has the prescribed eigenvalues.
		s, u, _ := symEig(f, d)
		w := make([]float64, d*d)
		w32 := make([]float32, d*d)
		prod.Compute(f, w32)
		for i, v := range w32 {
			w[i] = float64(v)
		}
		p := make([]float64, d)
		DirectPredGains(s, s[d-1], 0.1, loss, p)
		for j := 0; j < d; j++ {
			var num float64
			for a := 0; a < d; a++ {
				for b := 0; b < d; b++ {
					num += u[a*d+j] * w[a*d+b] * u[b*d+j]
				}
			}
			if math.Abs(num-p[j]) > 1e-5*math.Max(1, p[j]) {
				t.Fatalf("%v: u_jᵀW u_j = %g, want p_j = %g", loss, num, p[j])
			}
		}
	}
}

func TestDirectPredGainsFormula(t *testing.T) {
	s := []float64{-1, 0, 0.25, 1, 4}
	p := make([]float64, 5)
	DirectPredGains(s, 4, 0.1, LossCosine, p)
	want := []float64{0.1, 0.1, 0.35, 0.6, 1.1}
	for i := range p {
		if math.Abs(p[i]-want[i]) > 1e-15 {
			t.Fatalf("cosine p = %v, want %v", p, want)
		}
	}
	DirectPredGains(s, 4, 0, LossCosine, p)
	if p[0] != 1e-4 || p[1] != 1e-4 {
		t.Fatalf("clamp: %v", p)
	}
	DirectPredGains(s, 4, 0.1, LossSquared, p)
	want = []float64{0.2, 0.2, 0.7, 1.2, 2.2}
	for i := range p {
		if math.Abs(p[i]-want[i]) > 1e-15 {
			t.Fatalf("squared p = %v, want %v", p, want)
		}
	}
}

func TestDirectSetterKeepsPreviousOnBadF(t *testing.T) {
	const d = 4
	for _, kind := range []PredictorKind{PredDirectPred, PredDirectCopy} {
		ds := NewDirectSetter(kind, d, 0.1, LossCosine, newSymEigen())
		w := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
		orig := append([]float32(nil), w...)
		bad := [][]float64{make([]float64, d*d), make([]float64, d*d), make([]float64, d*d)}
		bad[1][5] = math.NaN()
		for i := 0; i < d; i++ {
			bad[2][i*d+i] = -1
		}
		for k, f := range bad {
			u := ds.Compute(f, w)
			if u.Applied || u.Reason == "" {
				t.Fatalf("%v case %d: bad F̂ applied (%+v)", kind, k, u)
			}
			for i := range w {
				if w[i] != orig[i] {
					t.Fatalf("%v case %d: W_p modified", kind, k)
				}
			}
		}
	}
}

func TestDirectCopy(t *testing.T) {
	const d = 10
	f := randPSD(NewRNG(4), d, 0.8)
	ds := NewDirectSetter(PredDirectCopy, d, 0.1, LossCosine, nil)
	w := make([]float32, d*d)
	u := ds.Compute(f, w)
	s, _, _ := symEig(f, d)
	if !u.Applied || math.Abs(u.SMax-s[d-1]) > 1e-9 {
		t.Fatalf("λ_max %g, want %g", u.SMax, s[d-1])
	}
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			want := f[i*d+j] / s[d-1]
			if i == j {
				want += 0.1
			}
			if math.Abs(float64(w[i*d+j])-want) > 1e-6 {
				t.Fatalf("W[%d,%d] = %g, want %g", i, j, w[i*d+j], want)
			}
		}
	}
}

func TestCorrEMA(t *testing.T) {
	c := NewCorrEMA(2, 0.3)
	c.Add([]float32{1, 2, 3, 4}, 2) // (1/2)[[10,14],[14,20]]
	if c.F[0] != 5 || c.F[1] != 7 || c.F[3] != 10 {
		t.Fatalf("first batch must initialise F̂: %v", c.F)
	}
	c.Add([]float32{1, 0, 0, 1}, 2) // (1/2) I
	want := []float64{0.3*5 + 0.7*0.5, 0.3 * 7, 0.3 * 7, 0.3*10 + 0.7*0.5}
	for i := range want {
		if math.Abs(c.F[i]-want[i]) > 1e-12 {
			t.Fatalf("EMA F̂ = %v, want %v", c.F, want)
		}
	}
}

func TestConfigValidation(t *testing.T) {
	mods := map[string]func(c *Config){
		"method":       func(c *Config) { c.Method = "magic" },
		"loss":         func(c *Config) { c.Loss = "l1" },
		"target":       func(c *Config) { c.Target = "momentum" },
		"nostopgrad":   func(c *Config) { c.NoStopGrad = true },
		"tau":          func(c *Config) { c.Tau = 1.5 },
		"tau nan":      func(c *Config) { c.Tau = math.NaN() },
		"tausched":     func(c *Config) { c.TauSchedule = "step" },
		"lrsched":      func(c *Config) { c.LRSchedule = "linear" },
		"batch":        func(c *Config) { c.Batch = 1 },
		"neg epochs":   func(c *Config) { c.Steps, c.Epochs = 0, -1 },
		"alias":        func(c *Config) { c.Method = "byol" },
		"neg steps":    func(c *Config) { c.Steps = -3 },
		"rho":          func(c *Config) { c.Rho = -0.1 },
		"rho one":      func(c *Config) { c.Rho = 1 },
		"eps":          func(c *Config) { c.Eps = math.Inf(1) },
		"freq":         func(c *Config) { c.Freq = 0 },
		"lr":           func(c *Config) { c.LR = -1 },
		"predictor lr": func(c *Config) { c.PredictorLR = math.NaN() },
		"pred init":    func(c *Config) { c.PredictorInit = "zeros" },
		"momentum":     func(c *Config) { c.Momentum = 1.2 },
		"wd":           func(c *Config) { c.WeightDecay = math.NaN() },
		"widths":       func(c *Config) { c.Net.Projector = []int{1024, 0, 128} },
		"huge":         func(c *Config) { c.Net.Projector = []int{1024, 65536, 65536} },
		"mismatch":     func(c *Config) { c.Net.Projector = []int{512, 128} },
		"no backbone":  func(c *Config) { c.Net.Backbone = nil },
		"warmup":       func(c *Config) { c.WarmupSteps = -1 },
		"diag":         func(c *Config) { c.DiagEvery = -1 },
		"checkpointev": func(c *Config) { c.CheckpointEvery = -1 },
	}
	for name, mod := range mods {
		c := DefaultConfig()
		mod(&c)
		if err := c.Validate(); err == nil {
			t.Errorf("%s: invalid config accepted", name)
		}
	}
	c := DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatalf("default config: %v", err)
	}
	c.NoStopGrad, c.Target = true, "simsiam"
	if err := c.Validate(); err != nil {
		t.Fatalf("no stop-grad with simsiam target: %v", err)
	}
	// Data checks in NewTrainer.
	train, _, _ := EmbeddedFashionMNIST()
	c = DefaultConfig()
	c.Net.Backbone[0] = 100
	c.Net.Backbone = []int{100, 1024, 1024}
	if _, err := NewTrainer(c, NewImageDataset(train)); err == nil {
		t.Error("dimension mismatch accepted")
	}
	c = DefaultConfig()
	c.Batch = 5000
	if _, err := NewTrainer(c, NewImageDataset(train)); err == nil {
		t.Error("batch larger than data accepted")
	}
	if _, err := NewTrainer(DefaultConfig(), nil); err == nil {
		t.Error("nil data accepted")
	}
}

func idxBytes(magic []byte, dims []uint32, payload []byte) []byte {
	var b bytes.Buffer
	b.Write(magic)
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(payload)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func TestReadIDX(t *testing.T) {
	good := idxBytes([]byte{0, 0, 8, 3}, []uint32{2, 2, 3}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	for _, in := range [][]byte{good, gz(good)} {
		dims, data, err := ReadIDX(bytes.NewReader(in))
		if err != nil || len(dims) != 3 || dims[2] != 3 || len(data) != 12 || data[11] != 12 {
			t.Fatalf("good file: %v %v %v", dims, data, err)
		}
	}
	bad := map[string][]byte{
		"empty":         {},
		"short header":  {0, 0, 8},
		"magic":         idxBytes([]byte{1, 0, 8, 1}, []uint32{1}, []byte{0}),
		"type":          idxBytes([]byte{0, 0, 0x0d, 1}, []uint32{1}, []byte{0, 0, 0, 0}),
		"ndims":         idxBytes([]byte{0, 0, 8, 0}, nil, nil),
		"dims trunc":    []byte{0, 0, 8, 3, 0, 0, 0, 2},
		"zero dim":      idxBytes([]byte{0, 0, 8, 2}, []uint32{0, 5}, nil),
		"huge":          idxBytes([]byte{0, 0, 8, 3}, []uint32{1 << 20, 1 << 20, 1 << 20}, nil),
		"truncated":     good[:len(good)-1],
		"trailing":      append(append([]byte(nil), good...), 0),
		"gz truncated":  gz(good)[:20],
		"gz bad header": {0x1f, 0x8b, 0, 0},
	}
	for name, in := range bad {
		if _, _, err := ReadIDX(bytes.NewReader(in)); err == nil {
			t.Errorf("%s: malformed file accepted", name)
		} else if name == "truncated" && !strings.Contains(err.Error(), "truncated") {
			t.Errorf("truncated: unclear error %v", err)
		}
	}
	lab := idxBytes([]byte{0, 0, 8, 1}, []uint32{2}, []byte{1, 2})
	if _, err := ReadImages(bytes.NewReader(good), bytes.NewReader(lab)); err != nil {
		t.Fatal(err)
	}
	lab3 := idxBytes([]byte{0, 0, 8, 1}, []uint32{3}, []byte{1, 2, 3})
	if _, err := ReadImages(bytes.NewReader(good), bytes.NewReader(lab3)); err == nil {
		t.Error("label count mismatch accepted")
	}
	lab10 := idxBytes([]byte{0, 0, 8, 1}, []uint32{2}, []byte{1, 10})
	if _, err := ReadImages(bytes.NewReader(good), bytes.NewReader(lab10)); err == nil {
		t.Error("label 10 accepted")
	}
	if _, err := ReadImages(bytes.NewReader(lab), bytes.NewReader(lab)); err == nil {
		t.Error("1-d images accepted")
	}
	if _, _, err := LoadFashionMNIST(t.TempDir()); err == nil {
		t.Error("missing directory accepted")
	}
}

func TestEmbeddedSubset(t *testing.T) {
	train, test, err := EmbeddedFashionMNIST()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		im  *Images
		per int
	}{{train, 300}, {test, 100}} {
		if s.im.H != 28 || s.im.W != 28 || s.im.N != 10*s.per {
			t.Fatalf("shape %d×%d×%d", s.im.N, s.im.H, s.im.W)
		}
		counts := make([]int, 10)
		for _, l := range s.im.Labels {
			counts[l]++
		}
		for c, n := range counts {
			if n != s.per {
				t.Fatalf("class %d has %d images, want %d", c, n, s.per)
			}
		}
	}
	// Mean pixel close to the data set's 0.2860.
	var sum float64
	for _, p := range train.Pixels {
		sum += float64(p)
	}
	if m := sum / float64(len(train.Pixels)) / 255; math.Abs(m-FMNISTMean) > 0.02 {
		t.Fatalf("mean pixel %g", m)
	}
	// The full set from Debian's package, when installed, reads too.
	const dir = "/usr/share/datasets/fashion-mnist"
	if _, err := os.Stat(dir); err == nil && !testing.Short() {
		full, fullTest, err := LoadFashionMNIST(dir)
		if err != nil {
			t.Fatal(err)
		}
		if full.N != 60000 || fullTest.N != 10000 {
			t.Fatalf("full set sizes %d/%d", full.N, fullTest.N)
		}
	}
}

func TestAugmentation(t *testing.T) {
	train, _, _ := EmbeddedFashionMNIST()
	ds := NewImageDataset(train)
	a := make([]float32, 784)
	b := make([]float32, 784)
	ds.View(a, 7, NewRNG(1, 2))
	ds.View(b, 7, NewRNG(1, 2))
	if !equal32(a, b) {
		t.Fatal("same RNG stream gave different views")
	}
	ds.View(b, 7, NewRNG(1, 3))
	if equal32(a, b) {
		t.Fatal("different streams gave identical views")
	}
	lo, hi := float32((0-FMNISTMean)/FMNISTStd), float32((1-FMNISTMean)/FMNISTStd)
	for _, v := range a {
		if v < lo-1e-5 || v > hi+1e-5 {
			t.Fatalf("value %g outside the standardised range", v)
		}
	}
	// Crop parameters respect the scale and aspect ranges (up to rounding).
	rng := NewRNG(5)
	for i := 0; i < 2000; i++ {
		top, left, h, w := randomResizedCrop(28, 28, 0.5, 1, 0.75, 4.0/3, rng)
		if top < 0 || left < 0 || top+h > 28 || left+w > 28 {
			t.Fatalf("crop out of bounds: %d %d %d %d", top, left, h, w)
		}
		area := float64(h*w) / 784
		ratio := float64(w) / float64(h)
		if area < 0.45 || area > 1 || ratio < 0.75*0.93 || ratio > 4.0/3/0.93 {
			t.Fatalf("crop %d×%d: area %g ratio %g", h, w, area, ratio)
		}
	}
	// A full crop without flip is the identity (bilinear at integer positions).
	ds.ScaleMin = 1
	var identity, flipped int
	clean := make([]float32, 784)
	ds.Input(clean, 3)
	for s := uint64(0); s < 200; s++ {
		ds.View(a, 3, NewRNG(s))
		if equal32(a, clean) {
			identity++
		}
		mirror := true
		for y := 0; y < 28 && mirror; y++ {
			for x := 0; x < 28; x++ {
				if a[y*28+x] != clean[y*28+27-x] {
					mirror = false
					break
				}
			}
		}
		if mirror {
			flipped++
		}
	}
	if identity == 0 || flipped == 0 || identity+flipped < 20 {
		t.Fatalf("full crops: %d identity, %d mirrored of 200", identity, flipped)
	}
}

func equal32(a, b []float32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func smallImageConfig(method PredictorKind) Config {
	c := DefaultConfig()
	c.Method = method
	c.Net = NetSpec{Backbone: []int{784, 64}, Projector: []int{64, 48, 16}, Bias: true, BNAffine: true}
	c.Batch, c.Steps, c.Epochs = 32, 10, 0
	c.DiagEvery = 0
	return c
}

// TestZeroSteps checks the untrained baseline: a run of no steps leaves the
// online encoder exactly as NewTrainer built it (the same for every
// method), reports no loss, and can be evaluated.
func TestZeroSteps(t *testing.T) {
	train, test, _ := EmbeddedFashionMNIST()
	data := NewImageDataset(train)
	c := smallImageConfig(PredDirectPred)
	c.Steps, c.Epochs = 0, 0
	tr, err := NewTrainer(c, data)
	if err != nil {
		t.Fatal(err)
	}
	res, err := tr.Run(nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Steps != 0 || !math.IsNaN(res.FinalLoss) || tr.StepIndex() != 0 {
		t.Fatalf("result %+v after a run of no steps", res)
	}
	c.Method, c.Steps = PredLinear, 10
	ref, _ := NewTrainer(c, data)
	for i, p := range tr.Online.Params() {
		if !slices.Equal(p.Data, ref.Online.Params()[i].Data) {
			t.Fatalf("%s differs from the freshly built encoder of another method", p.Name)
		}
	}
	sub := func(im *Images, n int) Dataset {
		return NewImageDataset(&Images{N: n, H: im.H, W: im.W, Pixels: im.Pixels[:n*im.H*im.W], Labels: im.Labels[:n]})
	}
	ev, err := tr.Evaluate(sub(train, 600), sub(test, 300), EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ev.ProbeAcc < 0.5 || ev.KNNAcc < 0.5 {
		t.Errorf("untrained encoder: probe %g, kNN %g", ev.ProbeAcc, ev.KNNAcc)
	}
}

func TestCheckpointResumeBitwise(t *testing.T) {
	train, _, _ := EmbeddedFashionMNIST()
	data := NewImageDataset(train)
	dir := t.TempDir()
	for _, m := range []PredictorKind{PredDirectPred, PredLinear, PredDirectPred + "/bf16"} {
		c := smallImageConfig(PredictorKind(strings.TrimSuffix(string(m), "/bf16")))
		if c.Method != m {
			c.Precision = BF16
		}
		m := PredictorKind(strings.ReplaceAll(string(m), "/", "-"))
		c.Freq = 3 // exercise W_p training between recomputations too
		full, _ := NewTrainer(c, data)
		if _, err := full.Run(nil); err != nil {
			t.Fatal(err)
		}
		half, _ := NewTrainer(c, data)
		for i := 0; i < 4; i++ {
			if _, err := half.Step(); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(dir, string(m)+".ckpt")
		if err := half.Save(path); err != nil {
			t.Fatal(err)
		}
		resumed, _ := NewTrainer(c, data)
		if err := resumed.Load(path); err != nil {
			t.Fatal(err)
		}
		if resumed.StepIndex() != 4 {
			t.Fatalf("resumed at step %d", resumed.StepIndex())
		}
		if _, err := resumed.Run(nil); err != nil {
			t.Fatal(err)
		}
		// Resuming a finished run is a no-op, not an error.
		done := filepath.Join(dir, string(m)+".done")
		if err := resumed.Save(done); err != nil {
			t.Fatal(err)
		}
		again, _ := NewTrainer(c, data)
		if err := again.Load(done); err != nil {
			t.Fatal(err)
		}
		if res, err := again.Run(nil); err != nil || res.Steps != c.Steps {
			t.Fatalf("resuming a finished run: %+v %v", res, err)
		}
		a, b := full.state32(), resumed.state32()
		for i := range a {
			if !equal32(a[i], b[i]) {
				t.Fatalf("%s: tensor %d differs after resume", m, i)
			}
		}
		na, nb := 0, 0
		if full.corr != nil {
			na, nb = full.corr.count(), resumed.corr.count()
		}
		if na != nb {
			t.Fatalf("%s: F̂ sample count %d after resume, want %d", m, nb, na)
		}
		a64, b64 := full.state64(ckptMagic, na), resumed.state64(ckptMagic, nb)
		for i := range a64 {
			for k := range a64[i] {
				if a64[i][k] != b64[i][k] {
					t.Fatalf("%s: F̂/U state %d differs after resume", m, i)
				}
			}
		}
		// Corruption, truncation and configuration mismatch are clear errors.
		raw, _ := os.ReadFile(path)
		flip := append([]byte(nil), raw...)
		flip[len(flip)/2] ^= 1
		os.WriteFile(path+".flip", flip, 0o644)
		os.WriteFile(path+".trunc", raw[:len(raw)-100], 0o644)
		os.WriteFile(path+".tiny", raw[:10], 0o644)
		fresh, _ := NewTrainer(c, data)
		for _, p := range []string{path + ".flip", path + ".trunc", path + ".tiny"} {
			err := fresh.Load(p)
			if !errors.Is(err, ErrCorruptCheckpoint) {
				t.Fatalf("%s: got %v, want a corrupt-checkpoint error", p, err)
			}
		}
		if fresh.StepIndex() != 0 {
			t.Fatal("failed load modified the trainer")
		}
		if err := fresh.Load(filepath.Join(dir, "missing")); err == nil {
			t.Fatal("missing file accepted")
		}
		other := c
		other.LR *= 2
		ot, _ := NewTrainer(other, data)
		if err := ot.Load(path); err == nil || errors.Is(err, ErrCorruptCheckpoint) {
			t.Fatalf("config mismatch: %v", err)
		}
		other = c
		other.Precision = map[Precision]Precision{FP32: BF16, BF16: FP32}[c.Precision]
		ot, _ = NewTrainer(other, data)
		if err := ot.Load(path); err == nil || errors.Is(err, ErrCorruptCheckpoint) {
			t.Fatalf("precision mismatch: %v", err)
		}
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Fatalf("leftover temporary file %s", e.Name())
		}
	}
}

func TestStepDoesNotAllocate(t *testing.T) {
	train, _, _ := EmbeddedFashionMNIST()
	data := NewImageDataset(train)
	for _, m := range []PredictorKind{PredDirectPred, PredDirectCopy, PredLinear, PredNone, PredDirectPred + "/bf16"} {
		c := smallImageConfig(PredictorKind(strings.TrimSuffix(string(m), "/bf16")))
		if c.Method != m {
			c.Precision = BF16
		}
		c.Steps = 1000
		tr, err := NewTrainer(c, data)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			tr.Step()
		}
		allocs := testing.AllocsPerRun(20, func() {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %.1f allocations per step", m, allocs)
		}
	}
}
