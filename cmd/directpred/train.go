package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/directpred/directpred/kernels"
	"github.com/directpred/directpred/ssl"
)

// Default run: the encoder, batch and step counts chosen so that both
// methods together take about a minute on two cores of the development
// machine (≈ 130 ms per step plus ≈ 6 s of evaluation per method).
const (
	demoDims       = "784,1024:1024,512,128"
	demoBatch      = 256
	demoSteps      = 240
	demoQuickSteps = 12
	defaultOut     = "directpred-out"
)

// histPoint is one progress callback: step, mean loss since the previous
// one and the diagnostics.
type histPoint struct {
	Step      int
	Loss      float64
	EffRank   float64
	Alignment float64
}

// runResult is the outcome of one training run.
type runResult struct {
	Method         string
	Steps          int
	ProbeAcc       float64 // NaN when not evaluated
	KNNAcc         float64
	Probe          ssl.ProbeResult // the probe's λ, iterations, gradient norm and time (when evaluated)
	EffRank        float64
	Alignment      float64
	FinalLoss      float64
	MsPerStep      float64
	MsEigen        float64
	Seconds        float64
	PredictorSkips int
	Data           string
	Precision      string

	history       []histPoint
	fSpec, wpSpec []float64
}

// jsonResult is the documented JSON form of runResult (see usageText).
type jsonResult struct {
	Method         string   `json:"method"`
	Steps          int      `json:"steps"`
	ProbeAcc       *float64 `json:"probe_accuracy"`
	KNNAcc         *float64 `json:"knn_accuracy"`
	ProbeLambda    *float64 `json:"probe_lambda"`
	ProbeIters     *int     `json:"probe_iterations"`
	ProbeGradNorm  *float64 `json:"probe_grad_norm"`
	ProbeSeconds   *float64 `json:"probe_seconds"`
	EffRank        *float64 `json:"effective_rank"`
	Alignment      *float64 `json:"alignment"`
	FinalLoss      *float64 `json:"final_loss"`
	MsPerStep      float64  `json:"ms_per_step"`
	MsEigen        float64  `json:"ms_eigen"`
	Seconds        float64  `json:"seconds"`
	PredictorSkips int      `json:"predictor_skips"`
	Data           string   `json:"data"`
	Precision      string   `json:"precision"`
	ISA            string   `json:"isa"`
	Threads        int      `json:"threads"`
}

// finite returns &v, or nil (JSON null) when v is NaN or infinite.
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func (r *runResult) json() jsonResult {
	j := jsonResult{Method: r.Method, Steps: r.Steps, ProbeAcc: finite(r.ProbeAcc), KNNAcc: finite(r.KNNAcc),
		EffRank: finite(r.EffRank), Alignment: finite(r.Alignment), FinalLoss: finite(r.FinalLoss),
		MsPerStep: round3(r.MsPerStep), MsEigen: round3(r.MsEigen), Seconds: round3(r.Seconds),
		PredictorSkips: r.PredictorSkips, Data: r.Data, Precision: r.Precision, ISA: kernels.ISA(), Threads: runtime.GOMAXPROCS(0)}
	if !math.IsNaN(r.ProbeAcc) {
		it, sec := r.Probe.Iterations, round3(r.Probe.Seconds)
		j.ProbeLambda, j.ProbeIters, j.ProbeGradNorm, j.ProbeSeconds = finite(r.Probe.Lambda), &it, finite(r.Probe.GradNorm), &sec
	}
	return j
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// writeJSON writes v indented to path (atomically enough for a result file).
func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("-json %s: %w", path, err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("-json: %w", err)
	}
	return nil
}

// checkWritable fails early when the folder of path does not exist, so that
// a long run does not end in a write error.
func checkWritable(flagName, path string) error {
	if path == "" {
		return nil
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usagef("%s %s: folder %s does not exist", flagName, path, dir)
	}
	return nil
}

// makeOut creates the output folder.
func makeOut(dir string) error {
	if dir == "" {
		return usagef("-out: empty folder name")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	return nil
}

// parseDims parses "IN,H1,...:P0,P1,...,D" into the widths of spec: the
// backbone widths (input first), a colon, then the projector widths
// starting with its input, which must equal the backbone's output.
func parseDims(s string, spec *ssl.NetSpec) error {
	parts := strings.Split(s, ":")
	if len(parts) != 2 {
		return usagef("-dims %q: want BACKBONE:PROJECTOR, e.g. %s (backbone widths from the input, projector widths from its input)", s, demoDims)
	}
	list := func(p string) ([]int, error) {
		var ws []int
		for _, f := range strings.Split(p, ",") {
			w, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || w < 1 || w > 1<<16 {
				return nil, usagef("-dims %q: width %q is not an integer in [1, 65536]", s, f)
			}
			ws = append(ws, w)
		}
		return ws, nil
	}
	backbone, err := list(parts[0])
	if err != nil {
		return err
	}
	projector, err := list(parts[1])
	if err != nil {
		return err
	}
	if last := backbone[len(backbone)-1]; projector[0] != last {
		return usagef("-dims %q: the projector's first width %d must equal the backbone's output %d", s, projector[0], last)
	}
	spec.Backbone, spec.Projector = backbone, projector
	return nil
}

// setThreads applies -threads (0 keeps the default, all cores).
func setThreads(n int) error {
	if n < 0 || n > 4096 {
		return usagef("-threads %d: want 0 (all cores) to 4096", n)
	}
	if n > 0 {
		runtime.GOMAXPROCS(n)
	}
	return nil
}

// checkDims reports widths that do not fit the data.
func checkDims(cfg *ssl.Config, data *dataSet) error {
	if in := cfg.Net.Backbone[0]; in != data.dim() {
		return usagef("-dims: input width %d does not fit the data (%s: %s)", in, data.name, data.desc)
	}
	if cfg.Batch > data.train.Len() {
		return usagef("-batch %d: larger than the data set (%d samples)", cfg.Batch, data.train.Len())
	}
	return nil
}

// errInterrupted stops Run when a signal arrives.
var errInterrupted = errors.New("interrupted")

// interruptedError ends the program with exit status 130.
type interruptedError struct{ msg string }

func (e interruptedError) Error() string { return e.msg }

// job is one training run to do.
type job struct {
	cfg    ssl.Config
	data   *dataSet
	resume string
	eval   bool
	k      int
}

// runJob trains, evaluates and collects everything the summary, the plots
// and the JSON need.
func runJob(j job, prog *progress) (*runResult, error) {
	start := time.Now()
	tr, err := ssl.NewTrainer(j.cfg, j.data.train)
	if err != nil {
		return nil, err
	}
	if j.resume != "" {
		if err := tr.Load(j.resume); err != nil {
			msg := oneLine(err.Error())
			if strings.Contains(msg, "different configuration") {
				msg += " (resume with the flags of the run that wrote it)"
			}
			return nil, fmt.Errorf("-resume: %s", msg)
		}
		if tr.StepIndex() >= tr.Steps() {
			return nil, fmt.Errorf("-resume %s: the checkpoint is already at the last step (%d); raise -steps/-epochs in a new run instead", j.resume, tr.Steps())
		}
	}
	name := runName(j.cfg)
	r := &runResult{Method: name, Data: j.data.name, Precision: string(j.cfg.Precision), ProbeAcc: math.NaN(), KNNAcc: math.NaN()}
	// Ctrl-C (or SIGTERM) stops the run at the next progress callback and
	// saves the checkpoint when -checkpoint is set.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(stop)
	line := prog.start(name, tr.StepIndex(), tr.Steps())
	res, err := tr.Run(func(p ssl.Progress) error {
		r.history = append(r.history, histPoint{Step: p.Step, Loss: p.Loss, EffRank: p.Diag.EffRank, Alignment: p.Diag.Alignment})
		line.update(p)
		select {
		case <-stop:
			return errInterrupted
		default:
			return nil
		}
	})
	line.finish()
	if errors.Is(err, errInterrupted) {
		if path := j.cfg.CheckpointPath; path != "" {
			if err := tr.Save(path); err != nil {
				return nil, fmt.Errorf("interrupted at step %d: %s", tr.StepIndex(), oneLine(err.Error()))
			}
			return nil, interruptedError{fmt.Sprintf("interrupted at step %d/%d; checkpoint saved: continue with the same flags plus -resume %s", tr.StepIndex(), tr.Steps(), path)}
		}
		return nil, interruptedError{fmt.Sprintf("interrupted at step %d/%d (no -checkpoint, state not saved)", tr.StepIndex(), tr.Steps())}
	}
	if err != nil {
		msg := oneLine(err.Error())
		switch {
		case strings.Contains(msg, "diverged"):
			msg += " (try a smaller -lr)"
		case strings.Contains(msg, "not finite"):
			msg += " (training diverged: try a smaller -lr)"
		}
		return nil, fmt.Errorf("%s: %s", name, msg)
	}
	r.Steps, r.FinalLoss, r.MsPerStep, r.MsEigen, r.PredictorSkips = res.Steps, res.FinalLoss, res.MsPerStep, res.MsEigen, res.PredictorSkips
	r.EffRank, r.Alignment = res.Diag.EffRank, res.Diag.Alignment
	if res.Steps == 0 { // the untrained encoder: no F̂, no W_p
		r.EffRank, r.Alignment = math.NaN(), math.NaN()
	}
	r.fSpec, r.wpSpec = res.Diag.FSpectrum, res.Diag.WpSpectrum
	if j.eval && j.data.evalTrain != nil {
		prog.note("evaluating %s: linear probe and %d-NN on the frozen backbone…", name, j.k)
		ev, err := tr.Evaluate(j.data.evalTrain, j.data.evalTest, ssl.EvalOptions{K: j.k})
		if err != nil {
			return nil, fmt.Errorf("%s: evaluation: %s", name, oneLine(err.Error()))
		}
		r.ProbeAcc, r.KNNAcc, r.Probe = ev.ProbeAcc, ev.KNNAcc, ev.Probe
	}
	r.Seconds = time.Since(start).Seconds()
	return r, nil
}

// runName is the name of a run in the summary and the JSON: the method, or
// "random" for a run of no steps (the untrained encoder).
func runName(cfg ssl.Config) string {
	if cfg.Steps == 0 && cfg.Epochs == 0 {
		return "random"
	}
	return string(cfg.Method)
}

// printSummary prints the table of results.
func printSummary(w io.Writer, rs []*runResult) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "method\tprobe acc\tprobe λ\tk-NN acc\teff.rank F\talignment\tfinal loss\tms/step\tms eigen\tseconds\t")
	num := func(format string, v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf(format, v)
	}
	for _, r := range rs {
		lambda := math.NaN()
		if !math.IsNaN(r.ProbeAcc) {
			lambda = r.Probe.Lambda
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%.0f\t%.1f\t\n", r.Method, num("%.3f", r.ProbeAcc), num("%.0e", lambda),
			num("%.3f", r.KNNAcc), num("%.2f", r.EffRank), num("%.3f", r.Alignment), num("%.4f", r.FinalLoss), r.MsPerStep, r.MsEigen, r.Seconds)
	}
	tw.Flush()
}

// writeOutputs writes the plots (and the JSON when asked) and lists them.
func writeOutputs(w io.Writer, out, jsonPath string, rs []*runResult, asArray bool) error {
	files, err := writePlots(out, rs)
	if err != nil {
		return err
	}
	if jsonPath != "" {
		var v any
		if asArray {
			arr := make([]jsonResult, len(rs))
			for i, r := range rs {
				arr[i] = r.json()
			}
			v = arr
		} else {
			v = rs[0].json()
		}
		if err := writeJSON(jsonPath, v); err != nil {
			return err
		}
		files = append(files, jsonPath)
	}
	fmt.Fprintf(w, "wrote %s\n", strings.Join(files, ", "))
	return nil
}

func quickMode() (bool, error) {
	switch v := os.Getenv("DIRECTPRED_QUICK"); v {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	default:
		return false, usagef("DIRECTPRED_QUICK=%q: want 1 or 0", v)
	}
}

// demoConfig is the default run's configuration of one method.
func demoConfig(method ssl.PredictorKind, steps int) ssl.Config {
	cfg := ssl.DefaultConfig()
	cfg.Method = method
	if err := parseDims(demoDims, &cfg.Net); err != nil {
		panic(err) // demoDims is a valid constant
	}
	cfg.Batch = demoBatch
	cfg.Steps, cfg.Epochs = steps, 0
	cfg.DiagEvery = max(1, steps/60)
	return cfg
}

// cmdDefault is the run without a subcommand.
func cmdDefault(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("directpred", flag.ContinueOnError)
	out := fs.String("out", defaultOut, "output `folder` for the plots")
	jsonPath := fs.String("json", "", "write the metrics of the three rows as a JSON array to `file`")
	steps := fs.Int("steps", 0, "training steps per method (0: 240, or 12 with DIRECTPRED_QUICK=1)")
	threads := fs.Int("threads", 0, "GOMAXPROCS (0: all cores)")
	if err := parseFlags(fs, args, stdout, usageText+"\nFlags:\n"); err != nil {
		return err
	}
	quick, err := quickMode()
	if err != nil {
		return err
	}
	n := demoSteps
	if quick {
		n = demoQuickSteps
	}
	if *steps < 0 {
		return usagef("-steps %d must be positive", *steps)
	} else if *steps > 0 {
		n = *steps
	}
	if err := setThreads(*threads); err != nil {
		return err
	}
	if err := makeOut(*out); err != nil {
		return err
	}
	if err := checkWritable("-json", *jsonPath); err != nil {
		return err
	}
	data, err := loadData("embedded", 0, 0, 1)
	if err != nil {
		return err
	}
	prog := newProgress(stdout)
	fmt.Fprintf(stdout, "DirectPred vs a learned linear predictor and the untrained encoder on the embedded Fashion-MNIST subset (%d train / %d test images)\n",
		data.evalTrain.Len(), data.evalTest.Len())
	fmt.Fprintf(stdout, "encoder %s, batch %d, %d steps each, kernels %s, %d threads\n",
		demoDims, demoBatch, n, kernels.ISA(), runtime.GOMAXPROCS(0))
	var rs []*runResult
	// The third row is the untrained encoder (the same construction and
	// seed, no steps): what training buys.
	for _, c := range []ssl.Config{demoConfig(ssl.PredDirectPred, n), demoConfig(ssl.PredLinear, n), demoConfig(ssl.PredDirectPred, 0)} {
		r, err := runJob(job{cfg: c, data: data, eval: true, k: 20}, prog)
		if err != nil {
			return err
		}
		rs = append(rs, r)
	}
	fmt.Fprintln(stdout)
	printSummary(stdout, rs)
	return writeOutputs(stdout, *out, *jsonPath, rs, true)
}

// cmdTrain is "directpred train".
func cmdTrain(args []string, stdout io.Writer) error {
	// Every ssl.Config setting is bound to its flag, with DefaultConfig's
	// value as the default; the run length, the widths and the stop-gradient
	// (a negation) are resolved after parsing.
	cfg := ssl.DefaultConfig()
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.Var(&cfg.Method, "method", "predictor: directpred, directcopy, linear or none")
	stopgrad := fs.Bool("stopgrad", !cfg.NoStopGrad, "stop-gradient on the target branch (false needs -target simsiam)")
	fs.Var(&cfg.Loss, "loss", "loss: cosine (2−2cos) or squared (½‖p−z̄‖²)")
	fs.Var(&cfg.Target, "target", "target network: ema or simsiam")
	fs.Float64Var(&cfg.Tau, "tau", cfg.Tau, "EMA coefficient τ of the target")
	fs.Var(&cfg.TauSchedule, "tau-schedule", "τ schedule: constant or cosine (BYOL: τ rises to 1)")
	fs.BoolVar(&cfg.IndependentTarget, "independent-target", cfg.IndependentTarget, "initialise the EMA target from its own random draw")
	dataSpec := fs.String("data", "embedded", "data: embedded, synthetic, fashion-mnist (Debian package dataset-fashion-mnist) or a `folder` with the four IDX files")
	synthN := fs.Int("synthetic-n", 2048, "number of samples of -data synthetic")
	epochs := fs.Int("epochs", 0, "training epochs (instead of -steps)")
	steps := fs.Int("steps", 0, "training steps (default 100 unless -epochs is given; 0 evaluates the untrained, randomly initialised encoder)")
	fs.IntVar(&cfg.Batch, "batch", cfg.Batch, "images per step (two views each)")
	dims := fs.String("dims", "", "encoder widths BACKBONE:PROJECTOR, e.g. "+demoDims+" (the projector's list starts with its input width); default "+demoDims+", or 64,128:128,64,32 for synthetic data")
	fs.BoolVar(&cfg.Net.Bias, "bias", cfg.Net.Bias, "bias on every Linear of the encoder")
	fs.BoolVar(&cfg.Net.BNAffine, "bn-affine", cfg.Net.BNAffine, "learned scale/shift in every BatchNorm")
	fs.BoolVar(&cfg.PredictorBias, "predictor-bias", cfg.PredictorBias, "bias on a learned (linear) predictor")
	fs.Var(&cfg.PredictorInit, "predictor-init", "initial predictor weights: random (±1/√d) or identity")
	fs.Float64Var(&cfg.PredictorLR, "predictor-lr", cfg.PredictorLR, "learned predictor: learning rate relative to the encoder's (α_p)")
	fs.Float64Var(&cfg.Rho, "rho", cfg.Rho, "DirectPred: weight ρ of the old F̂ in its running average")
	fs.Float64Var(&cfg.Eps, "eps", cfg.Eps, "DirectPred: ε added to the predictor's eigenvalues")
	fs.IntVar(&cfg.Freq, "freq", cfg.Freq, "DirectPred: recompute W_p every `n` steps (SGD in between when > 1)")
	fs.BoolVar(&cfg.EigenCold, "eigen-cold", cfg.EigenCold, "DirectPred: cold eigensolves instead of warm starts from the previous eigenvectors")
	fs.Float64Var(&cfg.LR, "lr", cfg.LR, "learning rate")
	fs.Float64Var(&cfg.Momentum, "momentum", cfg.Momentum, "SGD momentum")
	fs.Float64Var(&cfg.WeightDecay, "wd", cfg.WeightDecay, "weight decay")
	fs.Var(&cfg.Precision, "precision", "matrix products of the training step: fp32, or bf16 (operands rounded to bfloat16, float32 accumulation; weights, BatchNorm, loss, optimiser and F̂ stay float32/float64)")
	fs.Var(&cfg.LRSchedule, "lr-schedule", "learning-rate schedule: constant or cosine (with -warmup)")
	fs.IntVar(&cfg.WarmupSteps, "warmup", cfg.WarmupSteps, "linear warm-up steps of the cosine schedule")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed (every random choice derives from it)")
	threads := fs.Int("threads", 0, "GOMAXPROCS (0: all cores; results do not depend on it)")
	fs.IntVar(&cfg.DiagEvery, "diag-every", 0, "diagnostics and progress every `n` steps (0: about 100 points)")
	out := fs.String("out", defaultOut, "output `folder` for the plots")
	jsonPath := fs.String("json", "", "write the final metrics as a JSON object to `file`")
	fs.StringVar(&cfg.CheckpointPath, "checkpoint", "", "save the whole training state to `file` (atomically) at the end and every -checkpoint-every steps")
	fs.IntVar(&cfg.CheckpointEvery, "checkpoint-every", 0, "checkpoint period in steps (0: only at the end)")
	resume := fs.String("resume", "", "resume from checkpoint `file` (written by a run with the same flags)")
	eval := fs.Bool("eval", true, "evaluate (linear probe and k-NN) after training, when the data has labels")
	k := fs.Int("k", 20, "neighbours of the k-NN evaluation")
	help := "Usage: directpred train [flags]\n\nOne training run; prints progress and the summary, writes plots to -out.\n\nFlags:\n"
	if err := parseFlags(fs, args, stdout, help); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	cfg.NoStopGrad = !*stopgrad
	ckpt := &cfg.CheckpointPath
	switch {
	case set["steps"] && set["epochs"]:
		return usagef("train: give -steps or -epochs, not both")
	case set["epochs"]:
		if *epochs < 1 {
			return usagef("-epochs %d must be at least 1", *epochs)
		}
		cfg.Steps, cfg.Epochs = 0, *epochs
	default:
		if *steps < 0 {
			return usagef("-steps %d must be ≥ 0 (0: the untrained encoder)", *steps)
		}
		cfg.Steps, cfg.Epochs = 100, 0
		if set["steps"] {
			cfg.Steps = *steps
		}
		if cfg.Steps == 0 && (*ckpt != "" || *resume != "") {
			return usagef("-steps 0 evaluates the untrained encoder: there is nothing to checkpoint or resume")
		}
	}
	dimSpec := *dims
	if dimSpec == "" {
		dimSpec = demoDims
		if *dataSpec == "synthetic" {
			dimSpec = "64,128:128,64,32"
		}
	}
	if err := parseDims(dimSpec, &cfg.Net); err != nil {
		return err
	}
	if cfg.DiagEvery < 0 {
		return usagef("-diag-every %d must be ≥ 0", cfg.DiagEvery)
	}
	if cfg.CheckpointEvery < 0 {
		return usagef("-checkpoint-every %d must be ≥ 0", cfg.CheckpointEvery)
	}
	if cfg.CheckpointEvery > 0 && *ckpt == "" {
		return usagef("-checkpoint-every needs -checkpoint FILE")
	}
	if *k < 1 {
		return usagef("-k %d must be at least 1", *k)
	}
	if err := cfg.Validate(); err != nil {
		return usageError{oneLine(err.Error())}
	}
	if err := setThreads(*threads); err != nil {
		return err
	}
	if err := checkWritable("-json", *jsonPath); err != nil {
		return err
	}
	if err := checkWritable("-checkpoint", *ckpt); err != nil {
		return err
	}
	if *resume != "" {
		if _, err := os.Stat(*resume); err != nil {
			return fmt.Errorf("-resume %s: no such checkpoint file", *resume)
		}
	}
	data, err := loadData(*dataSpec, cfg.Net.Backbone[0], *synthN, cfg.Seed)
	if err != nil {
		return err
	}
	if err := checkDims(&cfg, data); err != nil {
		return err
	}
	if err := makeOut(*out); err != nil {
		return err
	}
	total := cfg.Steps
	if total == 0 {
		total = cfg.Epochs * (data.train.Len() / cfg.Batch)
	}
	if cfg.DiagEvery == 0 {
		cfg.DiagEvery = max(1, total/100)
	}
	fmt.Fprintf(stdout, "%s on %s: encoder %s, batch %d, %d steps, kernels %s, %d threads\n",
		runName(cfg), data.name, dimSpec, cfg.Batch, total, kernels.ISA(), runtime.GOMAXPROCS(0))
	r, err := runJob(job{cfg: cfg, data: data, resume: *resume, eval: *eval, k: *k}, newProgress(stdout))
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	printSummary(stdout, []*runResult{r})
	if r.PredictorSkips > 0 {
		fmt.Fprintf(stdout, "note: %d DirectPred recomputations kept the previous W_p\n", r.PredictorSkips)
	}
	if *ckpt != "" {
		fmt.Fprintf(stdout, "checkpoint %s (step %d)\n", *ckpt, r.Steps)
	}
	return writeOutputs(stdout, *out, *jsonPath, []*runResult{r}, false)
}
