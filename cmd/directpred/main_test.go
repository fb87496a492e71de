package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// bin is the directpred binary built once by TestMain.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "directpred-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "directpred")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runBin runs the binary in dir with extra environment variables.
func runBin(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "DIRECTPRED_QUICK=", "DIRECTPRED_ISA=")
	cmd.Env = append(cmd.Env, env...)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatalf("running %v: %v", args, err)
	}
	return so.String(), se.String(), code
}

// tiny is a training configuration that runs in well under a second.
var tiny = []string{"-dims", "784,32:32,16,8", "-batch", "32", "-steps", "6"}

func checkPNGs(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{plotLoss, plotSpectrum, plotEffRank, plotAlignment} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("plot missing: %v", err)
			continue
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Errorf("%s does not decode: %v", name, err)
			continue
		}
		if b := img.Bounds(); b.Dx() < 200 || b.Dy() < 150 {
			t.Errorf("%s is only %v", name, b)
		}
	}
}

// checkMetrics asserts that every documented field is present and sane.
func checkMetrics(t *testing.T, m map[string]any, method string, steps int, labelled bool) {
	t.Helper()
	for _, k := range []string{"method", "steps", "probe_accuracy", "knn_accuracy", "effective_rank", "alignment",
		"final_loss", "ms_per_step", "ms_eigen", "seconds", "predictor_skips", "data", "precision", "isa", "threads"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON field %q missing in %v", k, m)
		}
	}
	if m["method"] != method {
		t.Errorf("method = %v, want %s", m["method"], method)
	}
	if s, _ := m["steps"].(float64); int(s) != steps {
		t.Errorf("steps = %v, want %d", m["steps"], steps)
	}
	for _, k := range []string{"probe_accuracy", "knn_accuracy"} {
		v, isNum := m[k].(float64)
		if !labelled {
			if m[k] != nil {
				t.Errorf("%s = %v, want null without labels", k, m[k])
			}
			continue
		}
		if !isNum || v < 0.2 || v > 1 { // ten balanced classes: chance is 0.1
			t.Errorf("%s = %v, want a number in [0.2, 1]", k, m[k])
		}
	}
	d := 8.0
	if r, ok := m["effective_rank"].(float64); !ok || r < 1-1e-9 || r > d+1e-9 {
		t.Errorf("effective_rank = %v, want in [1, %g]", m["effective_rank"], d)
	}
	if a, ok := m["alignment"].(float64); !ok || a < 0 || a > 1+1e-9 {
		t.Errorf("alignment = %v, want in [0, 1]", m["alignment"])
	}
	if l, ok := m["final_loss"].(float64); !ok || l < 0 || l > 4+1e-6 {
		t.Errorf("final_loss = %v, want in [0, 4] (cosine loss, two views)", m["final_loss"])
	}
	for _, k := range []string{"ms_per_step", "seconds"} {
		if v, ok := m[k].(float64); !ok || v <= 0 {
			t.Errorf("%s = %v, want > 0", k, m[k])
		}
	}
}

func TestTrainJSONAndPlots(t *testing.T) {
	dir := t.TempDir()
	args := append([]string{"train", "-out", "plots", "-json", "m.json"}, tiny...)
	stdout, stderr, code := runBin(t, dir, nil, args...)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"probe acc", "directpred", "step 6/6", "wrote "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "m.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("JSON: %v\n%s", err, b)
	}
	checkMetrics(t, m, "directpred", 6, true)
	if a := m["alignment"].(float64); a < 0.99 {
		t.Errorf("DirectPred's W_p is built from F̂'s eigenvectors: alignment %g, want ≈ 1", a)
	}
	checkPNGs(t, filepath.Join(dir, "plots"))
}

// TestTrainUntrained checks -steps 0: the randomly initialised encoder,
// evaluated and written to the JSON as method "random" with no training
// metrics.
func TestTrainUntrained(t *testing.T) {
	dir := t.TempDir()
	args := []string{"train", "-dims", "784,32:32,16,8", "-batch", "32", "-steps", "0", "-json", "m.json", "-out", "."}
	stdout, stderr, code := runBin(t, dir, nil, args...)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "random on embedded") || !strings.Contains(stdout, "probe acc") {
		t.Errorf("stdout:\n%s", stdout)
	}
	b, err := os.ReadFile(filepath.Join(dir, "m.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("JSON: %v\n%s", err, b)
	}
	if m["method"] != "random" || m["steps"].(float64) != 0 {
		t.Errorf("method %v, steps %v: want random, 0", m["method"], m["steps"])
	}
	for _, k := range []string{"effective_rank", "alignment", "final_loss"} {
		if m[k] != nil {
			t.Errorf("%s = %v, want null for an untrained encoder", k, m[k])
		}
	}
	if v, ok := m["probe_accuracy"].(float64); !ok || v < 0.5 || v > 1 {
		t.Errorf("probe_accuracy = %v, want in [0.5, 1]", m["probe_accuracy"])
	}
	if it, ok := m["probe_iterations"].(float64); !ok || it < 1 {
		t.Errorf("probe_iterations = %v", m["probe_iterations"])
	}
	if g, ok := m["probe_grad_norm"].(float64); !ok || g < 0 || g > 1e-4 {
		t.Errorf("probe_grad_norm = %v, want ≤ the default tolerance 1e-4", m["probe_grad_norm"])
	}
}

// trainSyntheticJSON runs a 5-step "train" on small synthetic data with the
// extra flags and returns its folder and the JSON metrics it wrote.
func trainSyntheticJSON(t *testing.T, flags ...string) (string, map[string]any) {
	t.Helper()
	dir := t.TempDir()
	args := append([]string{"train", "-data", "synthetic", "-dims", "16,32:32,8",
		"-batch", "64", "-steps", "5", "-synthetic-n", "256", "-json", "m.json", "-out", "."}, flags...)
	stdout, stderr, code := runBin(t, dir, nil, args...)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "m.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return dir, m
}

func TestTrainSyntheticLinear(t *testing.T) {
	dir, m := trainSyntheticJSON(t, "-method", "linear")
	checkMetrics(t, m, "linear", 5, false)
	if m["ms_eigen"].(float64) != 0 {
		t.Errorf("linear predictor spent %v ms in the eigensolver", m["ms_eigen"])
	}
	if m["precision"] != "fp32" {
		t.Errorf("precision %v, want fp32", m["precision"])
	}
	checkPNGs(t, dir)
}

func TestTrainBF16(t *testing.T) {
	_, m := trainSyntheticJSON(t, "-precision", "bf16")
	checkMetrics(t, m, "directpred", 5, false)
	if m["precision"] != "bf16" {
		t.Errorf("precision %v, want bf16", m["precision"])
	}
}

// writeIDX writes an IDX file of unsigned bytes, gzip-compressed if gz.
func writeIDX(t *testing.T, path string, dims []int, data []byte, gz bool) {
	t.Helper()
	var buf bytes.Buffer
	buf.Write([]byte{0, 0, 8, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&buf, binary.BigEndian, uint32(d))
	}
	buf.Write(data)
	b := buf.Bytes()
	if gz {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(b)
		w.Close()
		b = z.Bytes()
		path += ".gz"
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// makeFMNISTDir writes a small Fashion-MNIST-shaped data set (n train and
// n/2 test 28×28 images whose brightness depends on the class).
func makeFMNISTDir(t *testing.T, dir string, n int) {
	t.Helper()
	for _, set := range []struct {
		prefix string
		n      int
		gz     bool
	}{{"train", n, true}, {"t10k", n / 2, false}} {
		px := make([]byte, set.n*784)
		lab := make([]byte, set.n)
		for i := range lab {
			lab[i] = byte(i % 10)
			for k := 0; k < 784; k++ {
				px[i*784+k] = byte((int(lab[i])*25 + k*7 + i*13) % 256 * (k % (int(lab[i]) + 2)) / (int(lab[i]) + 2))
			}
		}
		writeIDX(t, filepath.Join(dir, set.prefix+"-images-idx3-ubyte"), []int{set.n, 28, 28}, px, set.gz)
		writeIDX(t, filepath.Join(dir, set.prefix+"-labels-idx1-ubyte"), []int{set.n}, lab, !set.gz)
	}
}

func TestTrainDataDir(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "fm")
	os.Mkdir(data, 0o755)
	makeFMNISTDir(t, data, 100)
	stdout, stderr, code := runBin(t, dir, nil, "train", "-data", data, "-dims", "784,16:16,8", "-batch", "20",
		"-epochs", "2", "-method", "directcopy", "-loss", "squared", "-target", "simsiam", "-json", "m.json")
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "m.json"))
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["steps"].(float64) != 10 { // 2 epochs × ⌊100/20⌋
		t.Errorf("steps = %v, want 10", m["steps"])
	}
	if m["data"] != data {
		t.Errorf("data = %v, want %s", m["data"], data)
	}
	checkPNGs(t, filepath.Join(dir, defaultOut))
}

func TestCheckpoint(t *testing.T) {
	dir := t.TempDir()
	args := append([]string{"train", "-checkpoint", "run.ckpt", "-checkpoint-every", "2"}, tiny...)
	if stdout, stderr, code := runBin(t, dir, nil, args...); code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if st, err := os.Stat(filepath.Join(dir, "run.ckpt")); err != nil || st.Size() < 1000 {
		t.Fatalf("checkpoint not written: %v", err)
	}
	// Same configuration: the run is complete, so there is nothing to resume.
	_, stderr, code := runBin(t, dir, nil, append([]string{"train", "-resume", "run.ckpt"}, tiny...)...)
	checkErrorLine(t, stderr, code, "already at the last step")
	// Another configuration.
	_, stderr, code = runBin(t, dir, nil, append([]string{"train", "-resume", "run.ckpt", "-lr", "0.01"}, tiny...)...)
	checkErrorLine(t, stderr, code, "different configuration")
	// A corrupt checkpoint.
	os.WriteFile(filepath.Join(dir, "bad.ckpt"), []byte("DPSSLCK1 not really a checkpoint, just some bytes ....."), 0o644)
	_, stderr, code = runBin(t, dir, nil, append([]string{"train", "-resume", "bad.ckpt"}, tiny...)...)
	checkErrorLine(t, stderr, code, "corrupt checkpoint")
}

// checkErrorLine asserts a non-zero exit and exactly one stderr line
// "directpred: …" containing want, without a panic trace.
func checkErrorLine(t *testing.T, stderr string, code int, want string) {
	t.Helper()
	if code == 0 {
		t.Errorf("exit 0, want failure (%q)", want)
	}
	lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasPrefix(lines[0], "directpred: ") {
		t.Errorf("stderr is not one line \"directpred: ...\":\n%s", stderr)
	}
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
		t.Errorf("panic trace on stderr:\n%s", stderr)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt")
	os.Mkdir(corrupt, 0o755)
	makeFMNISTDir(t, corrupt, 40)
	// Truncate the training images: the header promises more bytes.
	gz := filepath.Join(corrupt, "train-images-idx3-ubyte.gz")
	os.Remove(gz)
	writeIDX(t, filepath.Join(corrupt, "train-images-idx3-ubyte"), []int{40, 28, 28}, make([]byte, 100), false)
	missing := filepath.Join(dir, "no-such-folder")
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)

	cases := []struct {
		name string
		env  []string
		args []string
		want string
		code int
	}{
		{"unknown flag", nil, []string{"train", "-bogus"}, "flag provided but not defined: -bogus", 2},
		{"unknown top-level flag", nil, []string{"-bogus"}, "flag provided but not defined: -bogus", 2},
		{"unknown command", nil, []string{"fly"}, `unknown command "fly"`, 2},
		{"bad method", nil, []string{"train", "-method", "oracle"}, `unknown predictor "oracle"`, 2},
		{"bad loss", nil, []string{"train", "-loss", "l1"}, `"l1"`, 2},
		{"bad target", nil, []string{"train", "-target", "momentum"}, `unknown target "momentum"`, 2},
		{"bad precision", nil, []string{"train", "-precision", "fp16"}, `unknown precision "fp16"`, 2},
		{"no stopgrad with ema", nil, []string{"train", "-stopgrad=false"}, "simsiam", 2},
		{"bad number", nil, []string{"train", "-steps", "many"}, "invalid value", 2},
		{"bad tau", nil, []string{"train", "-tau", "1.5"}, "tau", 2},
		{"bad dims syntax", nil, []string{"train", "-dims", "784,128"}, "BACKBONE:PROJECTOR", 2},
		{"projector mismatch", nil, []string{"train", "-dims", "784,128:64,32"}, "must equal the backbone's output 128", 2},
		{"dims do not fit data", nil, []string{"train", "-dims", "100,32:32,8"}, "input width 100 does not fit the data", 2},
		{"batch too large", nil, []string{"train", "-batch", "5000", "-dims", "784,8:8,4"}, "larger than the data set", 2},
		{"missing data folder", nil, []string{"train", "-data", missing}, "no such folder", 1},
		{"empty data folder", nil, []string{"train", "-data", empty}, "train-images-idx3-ubyte", 1},
		{"corrupt IDX", nil, []string{"train", "-data", corrupt}, "truncated payload", 1},
		{"bad schedule", nil, []string{"train", "-lr-schedule", "step"}, `unknown schedule "step"`, 2},
		{"negative steps", nil, []string{"train", "-steps", "-1"}, "-steps -1 must be ≥ 0", 2},
		{"checkpoint of no steps", nil, []string{"train", "-steps", "0", "-checkpoint", "x.ckpt"}, "nothing to checkpoint", 2},
		{"checkpoint-every alone", nil, []string{"train", "-checkpoint-every", "5"}, "needs -checkpoint", 2},
		{"missing resume file", nil, []string{"train", "-resume", "nope.ckpt"}, "no such checkpoint file", 1},
		{"json folder missing", nil, []string{"train", "-json", filepath.Join(missing, "m.json")}, "does not exist", 2},
		{"bad quick env", []string{"DIRECTPRED_QUICK=yes"}, nil, "DIRECTPRED_QUICK", 2},
		{"bad threads", nil, []string{"-threads", "-1"}, "-threads", 2},
		{"bench bad sizes", nil, []string{"bench", "-sizes", "0"}, "-sizes", 2},
		{"divergence", nil, []string{"train", "-dims", "784,32:32,16,8", "-batch", "32", "-steps", "20", "-lr", "1e5", "-loss", "squared"}, "diverged", 1},
		{"bad ISA", []string{"DIRECTPRED_ISA=bogus"}, []string{"cpu"}, `DIRECTPRED_ISA="bogus": this CPU can run`, 2},
		{"extra argument", nil, []string{"cpu", "now"}, `unexpected argument "now"`, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runBin(t, dir, c.env, c.args...)
			checkErrorLine(t, stderr, code, c.want)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	stdout, _, code := runBin(t, t.TempDir(), nil, "-h")
	if code != 0 {
		t.Fatalf("-h: exit %d", code)
	}
	for _, want := range []string{"train", "bench", "cpu", "DIRECTPRED_QUICK", "DIRECTPRED_ISA", "probe_accuracy", "loss.png"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("usage lacks %q", want)
		}
	}
	stdout, _, code = runBin(t, t.TempDir(), nil, "train", "-h")
	if code != 0 {
		t.Fatalf("train -h: exit %d", code)
	}
	for _, want := range []string{"-method", "-stopgrad", "-loss", "-target", "-tau", "-data", "-epochs", "-steps", "-batch",
		"-dims", "-rho", "-eps", "-freq", "-lr", "-wd", "-seed", "-threads", "-out", "-json", "-checkpoint", "-resume"} {
		if !strings.Contains(stdout, want+" ") && !strings.Contains(stdout, want+"\n") {
			t.Errorf("train -h lacks %s", want)
		}
	}
}

func TestCPUAndBench(t *testing.T) {
	stdout, stderr, code := runBin(t, t.TempDir(), nil, "cpu")
	if code != 0 {
		t.Fatalf("cpu: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"ISA in use", "available ISAs", "L1d", "MR×NR", "bfloat16 blocks"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("cpu output lacks %q:\n%s", want, stdout)
		}
	}
	stdout, stderr, code = runBin(t, t.TempDir(), []string{"DIRECTPRED_ISA=generic"}, "cpu")
	if code != 0 || !strings.Contains(stdout, "generic (forced by DIRECTPRED_ISA)") {
		t.Errorf("DIRECTPRED_ISA=generic cpu: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, stderr, code = runBin(t, t.TempDir(), nil, "bench", "-sizes", "32,48", "-eigen-sizes", "16", "-time", "2ms")
	if code != 0 {
		t.Fatalf("bench: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"FMA peak", "sgemm", "sgemm-bf16", "dgemm", "ssyrk", "% peak", "gonum", "eigen.Sym ms"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("bench output lacks %q:\n%s", want, stdout)
		}
	}
	if n := strings.Count(stdout, "×\n"); n != 9 { // 4 kernels × 2 sizes + 1 eigensolver row
		t.Errorf("bench printed %d result rows, want 9:\n%s", n, stdout)
	}
}

// TestDefaultQuick is CI's run: DIRECTPRED_QUICK=1 directpred -out DIR.
func TestDefaultQuick(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	stdout, stderr, code := runBin(t, dir, []string{"DIRECTPRED_QUICK=1"}, "-out", out, "-json", filepath.Join(dir, "m.json"))
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr not empty:\n%s", stderr)
	}
	for _, want := range []string{"probe acc", "k-NN acc", "eff.rank", "alignment", "final loss", "ms/step", "ms eigen", "12 steps each"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	checkPNGs(t, out)
	b, err := os.ReadFile(filepath.Join(dir, "m.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ms []map[string]any
	if err := json.Unmarshal(b, &ms); err != nil {
		t.Fatalf("JSON array: %v\n%s", err, b)
	}
	if len(ms) != 3 || ms[0]["method"] != "directpred" || ms[1]["method"] != "linear" || ms[2]["method"] != "random" {
		t.Fatalf("want [directpred, linear, random], got %s", b)
	}
	for i, m := range ms {
		if want := []float64{demoQuickSteps, demoQuickSteps, 0}[i]; m["steps"].(float64) != want {
			t.Errorf("%v: steps %v, want %g", m["method"], m["steps"], want)
		}
		if l, ok := m["probe_lambda"].(float64); !ok || l <= 0 {
			t.Errorf("%v: probe_lambda = %v, want the chosen λ", m["method"], m["probe_lambda"])
		}
		for _, k := range []string{"probe_accuracy", "knn_accuracy"} {
			if v, ok := m[k].(float64); !ok || v < 0.5 || v > 1 {
				t.Errorf("%v: %s = %v, want in [0.5, 1]", m["method"], k, m[k])
			}
		}
	}
	if ms[0]["ms_eigen"].(float64) <= 0 {
		t.Errorf("directpred spent no time in the eigensolver")
	}
}

// TestInterruptResume interrupts a run with SIGINT, resumes it from the
// checkpoint saved on the way out and checks that it ends exactly where the
// uninterrupted run ends.
func TestInterruptResume(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT delivery to a child process on windows")
	}
	dir := t.TempDir()
	flags := []string{"train", "-dims", "784,32:32,16,8", "-batch", "32", "-steps", "600", "-diag-every", "1", "-eval=false", "-out", "."}
	readLoss := func(name string) (float64, float64) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		return m["final_loss"].(float64), m["effective_rank"].(float64)
	}
	if so, se, code := runBin(t, dir, nil, append(flags, "-json", "ref.json")...); code != 0 {
		t.Fatalf("reference run: exit %d\n%s\n%s", code, so, se)
	}

	cmd := exec.Command(bin, append(flags, "-checkpoint", "run.ckpt", "-json", "a.json")...)
	cmd.Dir = dir
	var se bytes.Buffer
	cmd.Stderr = &se
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		if strings.Contains(sc.Text(), " step ") {
			cmd.Process.Signal(os.Interrupt)
			break
		}
	}
	io.Copy(io.Discard, pipe)
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("interrupted run: %v (want exit 130); stderr %s", err, se.String())
	}
	checkErrorLine(t, se.String(), 130, "-resume run.ckpt")
	if _, err := os.Stat(filepath.Join(dir, "a.json")); err == nil {
		t.Errorf("interrupted run wrote its JSON")
	}

	so, se2, code := runBin(t, dir, nil, append(flags, "-checkpoint", "run.ckpt", "-resume", "run.ckpt", "-json", "b.json")...)
	if code != 0 {
		t.Fatalf("resumed run: exit %d\n%s\n%s", code, so, se2)
	}
	refLoss, refRank := readLoss("ref.json")
	gotLoss, gotRank := readLoss("b.json")
	if gotLoss != refLoss || gotRank != refRank {
		t.Errorf("resumed run ends at loss %v, rank %v; uninterrupted %v, %v", gotLoss, gotRank, refLoss, refRank)
	}
}
