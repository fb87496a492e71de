package ssl

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/kernels"
)

// Config is the whole description of a training run. The zero value is not
// valid; start from DefaultConfig. Every field maps to a command-line flag.
type Config struct {
	// Method is the predictor: PredDirectPred, PredDirectCopy, PredLinear
	// or PredNone.
	Method PredictorKind
	// Loss is LossCosine (BYOL's 2 − 2cos, default) or LossSquared
	// (½‖p − z̄‖²).
	Loss LossKind
	// NoStopGrad removes the stop-gradient: the target branch is then the
	// online network itself and receives gradient (requires TargetSimSiam).
	NoStopGrad bool
	// Target is TargetEMA (θ̄ ← τθ̄ + (1−τ)θ after every step) or
	// TargetSimSiam (τ = 0: the target is the current online network
	// behind a stop-gradient).
	Target TargetKind
	// Tau is the EMA coefficient (0.996); TauSchedule ScheduleConstant or
	// ScheduleCosine (BYOL: τ rises from Tau to 1 over the run).
	Tau         float64
	TauSchedule Schedule
	// IndependentTarget initialises the EMA target from its own random draw
	// (as the official DirectPred code) instead of a copy of the online net.
	IndependentTarget bool

	// Net is the encoder (backbone + projector). The predictor is d×d with d
	// the projector output width; PredictorBias adds a bias to a learned one.
	Net           NetSpec
	PredictorBias bool
	// PredictorInit is how the predictor's weights start: InitRandom
	// (default, also ""; uniform in ±1/√d, PyTorch's nn.Linear) or InitIdentity
	// (W_p = I, every eigenvalue p_j = 1, outside the basin of collapse of
	// the paper's analysis). It matters for a learned predictor; DirectPred
	// uses it for its first step only.
	PredictorInit PredictorInit `json:",omitempty"`
	// PredictorLR is a learned predictor's learning rate relative to the
	// encoder's (α_p of the paper; default 1, also when 0; a larger α_p
	// makes W_p track F̂ faster and shrinks the basin of collapse).
	PredictorLR float64 `json:",omitempty"`

	// Batch is the number of images per step (two views each). Steps is the
	// run length; when 0 it is Epochs × ⌊N/Batch⌋ for a data set of N samples.
	// Both 0 is a run of no steps: the randomly initialised encoder, the
	// untrained baseline of an evaluation.
	Batch  int
	Steps  int
	Epochs int

	// DirectPred/DirectCopy: F̂ EMA weight on the old estimate (Rho, 0.3),
	// ε (Eps, 0.1) and recomputation period (Freq, 1; with Freq > 1 W_p is
	// trained by SGD between recomputations).
	Rho  float64
	Eps  float64
	Freq int
	// EigenCold makes every DirectPred recomputation a cold eigensolve
	// instead of warm-starting from the previous eigenvectors (the default).
	EigenCold bool

	// SGD with momentum and coupled weight decay; LRSchedule
	// ScheduleConstant or ScheduleCosine (linear warm-up over WarmupSteps,
	// then cosine decay to 0).
	LR          float64
	Momentum    float64
	WeightDecay float64
	LRSchedule  Schedule
	WarmupSteps int

	// Precision is the arithmetic of the matrix products of the forward and
	// backward passes (online, target and predictor): FP32 (default) or
	// BF16, operands rounded to bfloat16 and products accumulated in
	// float32, as PyTorch's CPU autocast. Master weights, BatchNorm, the
	// loss, SGD, the EMA, F̂ and the eigensolver stay float32/float64.
	Precision Precision `json:",omitempty"`

	// Seed determines every random choice of the run.
	Seed uint64
	// DiagEvery computes diagnostics (and calls the progress callback)
	// every DiagEvery steps and at the last step; 0 means only at the end.
	DiagEvery int
	// CheckpointPath, when set, is written every CheckpointEvery steps (if
	// > 0) and at the end of Run.
	CheckpointPath  string
	CheckpointEvery int
}

// Precision selects the arithmetic of the training step's matrix products
// (Config.Precision); its value is its name.
type Precision string

// The precisions.
const (
	FP32 Precision = "fp32"
	BF16 Precision = "bf16"
)

// ParsePrecision maps "fp32" and "bf16" to a Precision.
func ParsePrecision(s string) (Precision, error) {
	p := Precision(s)
	return p, oneOf("precision", p, FP32, BF16)
}

// Set parses s into p (flag.Value).
func (p *Precision) Set(s string) (err error) { *p, err = ParsePrecision(s); return err }

// String returns the precision's name (flag.Value).
func (p *Precision) String() string { return string(*p) }

// TargetKind selects the target branch (Config.Target); its value is its
// name.
type TargetKind string

// PredictorInit selects the predictor's initial weights
// (Config.PredictorInit); its value is its name.
type PredictorInit string

// The predictor initialisations.
const (
	InitRandom   PredictorInit = "random"
	InitIdentity PredictorInit = "identity"
)

// Set parses s into k (flag.Value).
func (k *PredictorInit) Set(s string) error {
	return setName(k, "predictor init", s, InitRandom, InitIdentity)
}

// String returns the initialisation's name (flag.Value).
func (k *PredictorInit) String() string { return string(*k) }

// The targets.
const (
	TargetEMA     TargetKind = "ema"
	TargetSimSiam TargetKind = "simsiam"
)

// setName stores s in *dst if it is one of valid, and otherwise returns
// oneOf's error.
func setName[K ~string](dst *K, what, s string, valid ...K) error {
	if err := oneOf(what, K(s), valid...); err != nil {
		return err
	}
	*dst = K(s)
	return nil
}

// oneOf reports an error unless v is one of valid.
func oneOf[K ~string](what string, v K, valid ...K) error {
	if slices.Contains(valid, v) {
		return nil
	}
	names := make([]string, len(valid))
	for i, k := range valid {
		names[i] = string(k)
	}
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	return fmt.Errorf("ssl: unknown %s %q (want %s)", what, string(v), list)
}

// Set parses s into k (flag.Value).
func (k *TargetKind) Set(s string) error { return setName(k, "target", s, TargetEMA, TargetSimSiam) }

// String returns the target's name (flag.Value).
func (k *TargetKind) String() string { return string(*k) }

// DefaultConfig returns the paper's DirectPred setting on the embedded
// Fashion-MNIST subset's architecture (784 → 1024 → 1024 → 512 → 128).
func DefaultConfig() Config {
	return Config{
		Method: PredDirectPred, Loss: LossCosine, Target: TargetEMA, Tau: 0.996, TauSchedule: ScheduleConstant,
		Net:           NetSpec{Backbone: []int{784, 1024, 1024}, Projector: []int{1024, 512, 128}, Bias: true, BNAffine: true},
		PredictorInit: InitRandom, PredictorLR: 1,
		Batch: 256, Epochs: 20,
		Rho: 0.3, Eps: 0.1, Freq: 1,
		LR: 0.05, Momentum: 0.9, WeightDecay: 5e-4, LRSchedule: ScheduleConstant,
		Precision: FP32, Seed: 1, DiagEvery: 100,
	}
}

func finiteIn(name string, v, lo, hi float64) error {
	if math.IsNaN(v) || v < lo || v > hi {
		return fmt.Errorf("ssl: %s = %g out of range [%g, %g]", name, v, lo, hi)
	}
	return nil
}

// Validate checks the configuration on its own (the data set is checked by
// NewTrainer).
func (c *Config) Validate() error {
	if err := oneOf("predictor", c.Method, PredNone, PredLinear, PredDirectPred, PredDirectCopy); err != nil {
		return err
	}
	if err := oneOf("loss", c.Loss, LossCosine, LossSquared); err != nil {
		return err
	}
	if err := oneOf("target", c.Target, TargetEMA, TargetSimSiam); err != nil {
		return err
	}
	if err := oneOf("precision", c.Precision, FP32, BF16); err != nil {
		return err
	}
	if c.PredictorInit != "" {
		if err := oneOf("predictor init", c.PredictorInit, InitRandom, InitIdentity); err != nil {
			return err
		}
	}
	if c.NoStopGrad && c.Target != TargetSimSiam {
		return errors.New("ssl: without stop-gradient the target branch is the online network: set target to simsiam")
	}
	if err := checkSchedule("tau", c.TauSchedule); err != nil {
		return err
	}
	if err := checkSchedule("learning-rate", c.LRSchedule); err != nil {
		return err
	}
	if err := c.Net.Validate(); err != nil {
		return err
	}
	if c.Batch < 2 || c.Batch > 1<<16 {
		return fmt.Errorf("ssl: batch %d out of range [2, 65536] (BatchNorm needs ≥ 2)", c.Batch)
	}
	if c.Steps < 0 || c.Epochs < 0 {
		return fmt.Errorf("ssl: steps and epochs must be ≥ 0 (got steps %d, epochs %d)", c.Steps, c.Epochs)
	}
	checks := []error{
		finiteIn("tau", c.Tau, 0, 1),
		finiteIn("rho", c.Rho, 0, 1),
		finiteIn("eps", c.Eps, 0, 1e6),
		finiteIn("lr", c.LR, 0, 1e6),
		finiteIn("predictor lr", c.PredictorLR, 0, 1e6),
		finiteIn("momentum", c.Momentum, 0, 1),
		finiteIn("weight decay", c.WeightDecay, 0, 1e6),
	}
	for _, e := range checks {
		if e != nil {
			return e
		}
	}
	if c.Rho == 1 && c.Method.direct() {
		return errors.New("ssl: rho = 1 never updates F̂")
	}
	if c.Freq < 1 {
		return fmt.Errorf("ssl: freq %d must be ≥ 1", c.Freq)
	}
	if c.WarmupSteps < 0 || c.DiagEvery < 0 || c.CheckpointEvery < 0 {
		return errors.New("ssl: warmup, diag-every and checkpoint-every must be ≥ 0")
	}
	return nil
}

// Diagnostics describe the state of the representation and the predictor.
// F̂ is the DirectPred running correlation (or, for other methods, the
// correlation of the current batch of online outputs, both views).
type Diagnostics struct {
	Step       int
	EffRank    float64   // exp(entropy of F̂'s normalised eigenvalues)
	OutputStd  float64   // mean per-channel std of ℓ2-normalised outputs (≈1/√d healthy, → 0 collapsed)
	FSpectrum  []float64 // eigenvalues of F̂, descending
	WpSpectrum []float64 // eigenvalues of (W_p + W_pᵀ)/2, descending
	Alignment  float64   // mean_j |u_jᵀW_p u_j| / ‖W_p u_j‖ over eigenvectors u_j of F̂
	Commutator float64   // ‖F̂W_p − W_pF̂‖/(‖F̂‖‖W_p‖)
	Asymmetry  float64   // ‖W_p − W_pᵀ‖/‖W_p‖
}

// Progress is passed to the Run callback.
type Progress struct {
	Step, Steps int
	Loss        float64 // mean loss since the previous callback
	LR, Tau     float64
	MsPerStep   float64 // mean wall time per step so far
	Diag        Diagnostics
	// PredictorSkips counts DirectPred recomputations that kept the previous
	// W_p (F̂ not finite, eigensolver failure or s_max ≤ 0); LastSkip says why.
	PredictorSkips int
	LastSkip       string
}

// Result summarises a finished run.
type Result struct {
	Steps          int
	FinalLoss      float64 // NaN when no step has run
	Diag           Diagnostics
	MsPerStep      float64 // mean wall time of Step
	MsEigen        float64 // total time in the eigensolver
	PredictorSkips int
}

// Trainer runs BYOL/SimSiam with a learned or direct predictor.
type Trainer struct {
	cfg    Config
	data   Dataset
	steps  int
	spe    int // steps per epoch
	Online *Net[float32]
	Target *Net[float32] // nil for simsiam / no stop-gradient
	Pred   *Linear[float32]
	encOpt *SGD
	preOpt *SGD
	corr   *CorrEMA
	predLR float64 // Config.PredictorLR, 0 resolved to 1
	setter *DirectSetter
	async  asyncRecompute

	step      int
	perm      []int
	permEpoch int
	rng       RNG
	load      loadTask
	x, dz     []float32
	dp, dzbar []float32
	zlast     []float32

	onlineParams []*Param[float32]
	// emaDst and emaSrc are the target's and the online network's
	// parameter tensors, the operands of the target's EMA update.
	emaDst, emaSrc [][]float32

	lossSum   float64
	lossN     int
	lastLoss  float64
	stepTime  time.Duration
	timedStep int
	skips     int
	lastSkip  string
}

// RNG stream tags.
const (
	tagInitOnline = iota + 1
	tagInitTarget
	tagInitPred
	tagPerm
	tagAug
)

// NewTrainer validates cfg against data and builds the networks.
func NewTrainer(cfg Config, data Dataset) (*Trainer, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if data == nil || data.Len() < cfg.Batch {
		return nil, fmt.Errorf("ssl: data set has fewer samples than one batch of %d", cfg.Batch)
	}
	if data.Dim() != cfg.Net.Backbone[0] {
		return nil, fmt.Errorf("ssl: data dimension %d does not match network input %d", data.Dim(), cfg.Net.Backbone[0])
	}
	t := &Trainer{cfg: cfg, data: data, permEpoch: -1}
	t.spe = data.Len() / cfg.Batch
	t.steps = cfg.Steps
	if t.steps == 0 {
		t.steps = cfg.Epochs * t.spe
	}
	var err error
	if t.Online, err = NewNet[float32](cfg.Net, NewRNG(cfg.Seed, tagInitOnline)); err != nil {
		return nil, err
	}
	if cfg.Target == TargetEMA {
		if cfg.IndependentTarget {
			t.Target, _ = NewNet[float32](cfg.Net, NewRNG(cfg.Seed, tagInitTarget))
		} else {
			t.Target, _ = NewNet[float32](cfg.Net, NewRNG(cfg.Seed, tagInitOnline))
		}
	}
	d := t.Online.Out()
	if cfg.Method != PredNone {
		bias := cfg.PredictorBias && cfg.Method == PredLinear
		t.Pred = NewLinear[float32]("predictor", d, d, bias, NewRNG(cfg.Seed, tagInitPred))
		t.predLR = cfg.PredictorLR
		if t.predLR == 0 {
			t.predLR = 1
		}
		if cfg.PredictorInit == InitIdentity {
			w := t.Pred.W.Data
			clear(w)
			for i := 0; i < d; i++ {
				w[i*d+i] = 1
			}
			if t.Pred.B != nil {
				clear(t.Pred.B.Data)
			}
		}
		t.preOpt = NewSGD(t.Pred.Params(), cfg.Momentum, cfg.WeightDecay)
	}
	if cfg.Method.direct() {
		t.corr = NewCorrEMA(d, cfg.Rho)
		var solver SymEigensolver
		if cfg.Method == PredDirectPred {
			solver = newSymEigen()
		}
		t.setter = NewDirectSetter(cfg.Method, d, cfg.Eps, cfg.Loss, solver)
		t.setter.Cold = cfg.EigenCold
	}
	if cfg.Precision == BF16 {
		t.Online.setBF16(true)
		if t.Target != nil {
			t.Target.setBF16(true)
		}
		if t.Pred != nil {
			t.Pred.bf16 = true
		}
	}
	t.onlineParams = t.Online.Params()
	if t.Target != nil {
		for i, p := range t.Target.Params() {
			t.emaDst = append(t.emaDst, p.Data)
			t.emaSrc = append(t.emaSrc, t.onlineParams[i].Data)
		}
		t.Target.SetNoGrad(true)
	}
	t.encOpt = NewSGD(t.onlineParams, cfg.Momentum, cfg.WeightDecay)
	b, in := cfg.Batch, cfg.Net.Backbone[0]
	t.perm = make([]int, data.Len())
	t.x = make([]float32, 2*b*in)
	t.dp = make([]float32, 2*b*d)
	t.dz = make([]float32, 2*b*d)
	if cfg.NoStopGrad {
		t.dzbar = make([]float32, 2*b*d)
	}
	return t, nil
}

// Steps is the total number of steps of the run; StepIndex the number done.
func (t *Trainer) Steps() int     { return t.steps }
func (t *Trainer) StepIndex() int { return t.step }

// Config returns the configuration the trainer was built with.
func (t *Trainer) Config() Config { return t.cfg }

func (t *Trainer) trainsPredictor() bool {
	return t.cfg.Method == PredLinear || (t.cfg.Method.direct() && t.cfg.Freq > 1)
}

// loadBatch writes both views of the step's batch into t.x: rows 0..B−1
// are view 1, rows B..2B−1 view 2.
func (t *Trainer) loadBatch() {
	b, in := t.cfg.Batch, t.data.Dim()
	epoch, pos := t.step/t.spe, t.step%t.spe
	if epoch != t.permEpoch {
		t.rng.Reset(t.cfg.Seed, tagPerm, uint64(epoch))
		t.rng.Perm(t.perm)
		t.permEpoch = epoch
	}
	t.load.t, t.load.pos, t.load.in = t, pos, in
	kernels.ParallelFor(b, 16, &t.load)
}

// loadTask fills the views of samples [lo, hi) of the batch; each view's
// random stream depends only on (seed, step, sample, view).
type loadTask struct {
	t       *Trainer
	pos, in int
	rngs    [kernels.MaxRangeChunks]RNG
}

func (k *loadTask) RunRange(lo, hi, chunk int) {
	t, b, in := k.t, k.t.cfg.Batch, k.in
	rng := &k.rngs[chunk]
	for s := lo; s < hi; s++ {
		i := t.perm[k.pos*b+s]
		for v := 0; v < 2; v++ {
			rng.Reset(t.cfg.Seed, tagAug, uint64(t.step), uint64(s), uint64(v))
			row := v*b + s
			t.data.View(t.x[row*in:(row+1)*in], i, rng)
		}
	}
}

// Step runs one training step and returns its loss. It allocates nothing
// once the buffers exist. A non-finite loss is an error (divergence).
func (t *Trainer) Step() (float64, error) {
	start := time.Now()
	cfg := &t.cfg
	b := cfg.Batch
	rows := 2 * b
	d := t.Online.Out()
	t.loadBatch()
	z := t.Online.Forward(t.x, rows, 2, true)
	t.zlast = z
	if t.corr != nil {
		t.corr.Add(z, rows)
	}
	p := z
	if t.Pred != nil {
		t.syncPredictor() // the previous step's W_p recomputation
		p = t.Pred.Forward(z, rows, 1, true)
	}
	zbar := z
	if t.Target != nil {
		zbar = t.Target.Forward(t.x, rows, 2, true)
	}
	loss := SymmetricLoss(cfg.Loss, p, zbar, b, d, t.dp, t.dzbar)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, fmt.Errorf("ssl: training diverged: loss %g at step %d", loss, t.step)
	}
	train := t.trainsPredictor()
	var dz []float32
	switch {
	case t.Pred == nil:
		dz = t.dp
	case train:
		dz = t.Pred.Backward(t.dp, true)
	default:
		// W_p receives no gradient: dz = dp·W_p.
		gemmIn(t.Pred.bf16, blas.NoTrans, blas.NoTrans, rows, d, d, 1, t.dp, d, t.Pred.W.Data, d, 0, t.dz, d)
		dz = t.dz
	}
	if t.dzbar != nil {
		addTo(dz[:len(t.dzbar)], t.dzbar)
	}
	t.Online.Backward(dz, false)
	lr := LRAt(cfg.LRSchedule, cfg.LR, t.step, cfg.WarmupSteps, t.steps)
	t.encOpt.Step(lr)
	if train {
		t.preOpt.Step(lr * t.predLR)
	}
	if t.setter != nil && t.step%cfg.Freq == 0 {
		t.recompute()
	}
	if t.Target != nil {
		kernels.EMA(float32(TauAt(cfg.TauSchedule, cfg.Tau, t.step, t.steps)), t.emaDst, t.emaSrc)
	}
	t.step++
	t.lastLoss = loss
	t.lossSum += loss
	t.lossN++
	t.stepTime += time.Since(start)
	t.timedStep++
	return loss, nil
}

// Diagnose computes the diagnostics from the last step's online outputs,
// F̂ and W_p.
func (t *Trainer) Diagnose() (Diagnostics, error) {
	t.syncPredictor()
	dg := Diagnostics{Step: t.step}
	if t.zlast == nil {
		return dg, errors.New("ssl: no step has run yet")
	}
	d := t.Online.Out()
	rows := 2 * t.cfg.Batch
	z := t.zlast
	var f []float64
	if t.corr != nil && t.corr.Have {
		f = append([]float64(nil), t.corr.F...)
	} else {
		acc := kernels.NewCovariance[float32](d)
		acc.SetFloat32Products(false) // a diagnostic: accuracy over speed, independent of the default
		acc.Add(z[:rows*d])
		f = acc.SecondMoment(nil)
	}
	// Output std of ℓ2-normalised rows.
	mean := make([]float64, d)
	sq := make([]float64, d)
	for r := 0; r < rows; r++ {
		row := z[r*d : (r+1)*d]
		var n float64
		for _, v := range row {
			n += float64(v) * float64(v)
		}
		n = math.Max(math.Sqrt(n), normFloor)
		for j, v := range row {
			u := float64(v) / n
			mean[j] += u
			sq[j] += u * u
		}
	}
	for j := range mean {
		m := mean[j] / float64(rows)
		dg.OutputStd += math.Sqrt(math.Max(sq[j]/float64(rows)-m*m, 0))
	}
	dg.OutputStd /= float64(d)
	s, u, err := symEig(f, d)
	if err != nil {
		return dg, fmt.Errorf("ssl: diagnostics: %w", err)
	}
	dg.EffRank = EffectiveRank(s)
	dg.FSpectrum = reversed(s)
	wp := make([]float64, d*d)
	if t.Pred != nil {
		for i, v := range t.Pred.W.Data {
			wp[i] = float64(v)
		}
	} else {
		for i := 0; i < d; i++ {
			wp[i*d+i] = 1
		}
	}
	var cnt int
	for j := 0; j < d; j++ {
		if a := modeAlignment(wp, u, d, j); !math.IsNaN(a) {
			dg.Alignment += a
			cnt++
		}
	}
	if cnt > 0 {
		dg.Alignment /= float64(cnt)
	}
	dg.Commutator = Commutator(f, wp, d)
	dg.Asymmetry = Asymmetry(wp, d)
	sym := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			sym[i*d+j] = 0.5 * (wp[i*d+j] + wp[j*d+i])
		}
	}
	ws, _, err := symEig(sym, d)
	if err != nil {
		return dg, fmt.Errorf("ssl: diagnostics: %w", err)
	}
	dg.WpSpectrum = reversed(ws)
	return dg, nil
}

func reversed(s []float64) []float64 {
	r := make([]float64, len(s))
	for i, v := range s {
		r[len(s)-1-i] = v
	}
	return r
}

// Run trains until Steps() steps are done (continuing after a Load),
// calling progress (if non-nil) every DiagEvery steps and after the last
// step; a non-nil error from progress stops the run. Checkpoints are
// written as configured.
func (t *Trainer) Run(progress func(Progress) error) (Result, error) {
	cfg := &t.cfg
	for t.step < t.steps {
		if _, err := t.Step(); err != nil {
			return t.result(Diagnostics{}), err
		}
		last := t.step == t.steps
		if cfg.CheckpointPath != "" && ((cfg.CheckpointEvery > 0 && t.step%cfg.CheckpointEvery == 0) || last) {
			if err := t.Save(cfg.CheckpointPath); err != nil {
				return t.result(Diagnostics{}), err
			}
		}
		if progress != nil && (last || (cfg.DiagEvery > 0 && t.step%cfg.DiagEvery == 0)) {
			dg, err := t.Diagnose()
			if err != nil {
				return t.result(dg), err
			}
			pr := Progress{Step: t.step, Steps: t.steps, Loss: t.lossSum / float64(max(t.lossN, 1)),
				LR:  LRAt(cfg.LRSchedule, cfg.LR, t.step-1, cfg.WarmupSteps, t.steps),
				Tau: TauAt(cfg.TauSchedule, cfg.Tau, t.step-1, t.steps), Diag: dg,
				MsPerStep:      float64(t.stepTime.Microseconds()) / 1000 / float64(max(t.timedStep, 1)),
				PredictorSkips: t.skips, LastSkip: t.lastSkip}
			t.lossSum, t.lossN = 0, 0
			if err := progress(pr); err != nil {
				return t.result(dg), err
			}
		}
	}
	if t.zlast == nil { // nothing ran (e.g. resumed from a finished run)
		return t.result(Diagnostics{Step: t.step}), nil
	}
	dg, err := t.Diagnose()
	return t.result(dg), err
}

func (t *Trainer) result(dg Diagnostics) Result {
	t.syncPredictor()
	r := Result{Steps: t.step, FinalLoss: t.lastLoss, Diag: dg, PredictorSkips: t.skips}
	if t.step == 0 {
		r.FinalLoss = math.NaN()
	}
	if t.timedStep > 0 {
		r.MsPerStep = float64(t.stepTime.Microseconds()) / 1000 / float64(t.timedStep)
	}
	if t.setter != nil {
		r.MsEigen = float64(t.setter.EigenTime.Microseconds()) / 1000
	}
	return r
}

// EigenTime is the total time spent in the eigensolver so far.
func (t *Trainer) EigenTime() time.Duration {
	t.syncPredictor()
	if t.setter == nil {
		return 0
	}
	return t.setter.EigenTime
}

// asyncRecompute runs one DirectPred/DirectCopy recomputation on one of the
// kernels' persistent workers (kernels.Background), so that the (serial) eigensolver overlaps with the next step's
// batch loading and online forward pass, which do not depend on W_p. It
// works on a copy of F̂ and writes W_p into a staging buffer that
// syncPredictor installs before W_p is next used, so results are bitwise
// the same as a synchronous recomputation.
type asyncRecompute struct {
	t       *Trainer
	fcopy   []float64
	stage   []float32
	upd     PredictorUpdate
	pending bool
	wg      sync.WaitGroup
}

func (a *asyncRecompute) RunBackground() {
	a.upd = a.t.setter.Compute(a.fcopy, a.stage)
}

// recompute starts (or, with one thread, performs) the recomputation of
// W_p from the current F̂.
func (t *Trainer) recompute() {
	if runtime.GOMAXPROCS(0) < 2 {
		t.applyUpdate(t.setter.Compute(t.corr.F, t.Pred.W.Data))
		return
	}
	a := &t.async
	if a.fcopy == nil {
		a.t = t
		a.fcopy = make([]float64, len(t.corr.F))
		a.stage = make([]float32, len(t.Pred.W.Data))
	}
	copy(a.fcopy, t.corr.F)
	a.pending = true
	kernels.Background(a, &a.wg)
}

// syncPredictor waits for a pending recomputation and installs its W_p.
func (t *Trainer) syncPredictor() {
	a := &t.async
	if !a.pending {
		return
	}
	a.wg.Wait()
	a.pending = false
	if a.upd.Applied {
		copy(t.Pred.W.Data, a.stage)
	}
	t.applyUpdate(a.upd)
}

func (t *Trainer) applyUpdate(u PredictorUpdate) {
	if !u.Applied {
		t.skips++
		t.lastSkip = u.Reason
	}
}
