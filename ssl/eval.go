package ssl

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/blas"
)

// Features runs the online backbone in evaluation mode (BatchNorm running
// statistics) over the clean inputs of data and returns the n×ReprDim()
// representations in float64 and the labels.
func (t *Trainer) Features(data Dataset) ([]float64, []int, error) {
	if data == nil || data.Len() == 0 {
		return nil, nil, errors.New("ssl: empty evaluation set")
	}
	if data.Dim() != t.Online.In() {
		return nil, nil, fmt.Errorf("ssl: evaluation data dimension %d does not match network input %d", data.Dim(), t.Online.In())
	}
	n, in, rd := data.Len(), data.Dim(), t.Online.ReprDim()
	const chunk = 256
	x := make([]float32, chunk*in)
	feats := make([]float64, n*rd)
	labels := make([]int, n)
	for s := 0; s < n; s += chunk {
		m := min(chunk, n-s)
		for k := 0; k < m; k++ {
			data.Input(x[k*in:(k+1)*in], s+k)
			labels[s+k] = data.Label(s + k)
		}
		f := t.Online.Features(x[:m*in], m)
		for i, v := range f[:m*rd] {
			feats[s*rd+i] = float64(v)
		}
	}
	return feats, labels, nil
}

// DefaultProbeLambdas is the grid of ridge penalties the linear probe
// chooses from on its validation split: one per decade from 1 down to 1e-6,
// the order in which the path is warm-started. The grid reaches up to 1
// because on the 3000-image embedded subset a grid ending at 0.1 chose 0.1,
// its edge; on the full set a 5-epoch DirectPred encoder chose 1e-3.
var DefaultProbeLambdas = []float64{1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6}

// ProbeOptions configures the linear probe. The zero value is the default
// protocol.
type ProbeOptions struct {
	// Lambdas is the grid of ridge penalties λ (the objective adds
	// λ/2·‖W‖² to the mean cross-entropy; the bias is not penalised) from
	// which the value with the best validation accuracy is chosen; nil
	// means DefaultProbeLambdas. A grid of one value fixes λ and skips the
	// validation fits.
	Lambdas []float64
	// ValFraction is the fraction of the training samples, the last ones,
	// held out to choose λ (default 0.1).
	ValFraction float64
	// GradTol ends L-BFGS when ‖∇‖∞ ≤ GradTol (default 1e-4).
	GradTol float64
	// MaxIterations is a safety cap on the L-BFGS iterations of each fit
	// (default 5000); a fit that reaches it is reported as not converged.
	MaxIterations int
}

func (o *ProbeOptions) defaults() error {
	if o.Lambdas == nil {
		o.Lambdas = DefaultProbeLambdas
	}
	if o.ValFraction == 0 {
		o.ValFraction = 0.1
	}
	if o.GradTol == 0 {
		o.GradTol = 1e-4
	}
	if o.MaxIterations == 0 {
		o.MaxIterations = 5000
	}
	if len(o.Lambdas) == 0 {
		return errors.New("ssl: linear probe: empty λ grid")
	}
	for _, l := range o.Lambdas {
		if !(l > 0) || math.IsInf(l, 0) {
			return fmt.Errorf("ssl: linear probe: λ = %g must be positive and finite", l)
		}
	}
	if !(o.ValFraction > 0 && o.ValFraction < 1) {
		return fmt.Errorf("ssl: linear probe: validation fraction %g outside (0, 1)", o.ValFraction)
	}
	if !(o.GradTol > 0) || math.IsInf(o.GradTol, 0) || o.MaxIterations < 1 {
		return errors.New("ssl: linear probe: gradient tolerance must be positive and finite, iterations ≥ 1")
	}
	return nil
}

// ProbeResult is the outcome of LinearProbe.
type ProbeResult struct {
	TestAcc, TrainAcc float64 // accuracy of the final fit on the test and the whole training split
	Lambda            float64 // the chosen ridge penalty
	ValAcc            float64 // validation accuracy of the chosen λ (NaN when the grid has one value)
	Iterations        int     // L-BFGS iterations of the final fit
	GradNorm          float64 // ‖∇‖∞ at the end of the final fit
	Converged         bool    // the final fit reached GradTol
	Path              []ProbeFit
	Seconds           float64 // wall time of the whole probe
}

// ProbeFit is one fit on the validation path.
type ProbeFit struct {
	Lambda     float64
	ValAcc     float64
	Iterations int
	GradNorm   float64
}

func checkLabels(y []int, classes int) error {
	for i, c := range y {
		if c < 0 || c >= classes {
			return fmt.Errorf("ssl: label %d of sample %d outside 0..%d", c, i, classes-1)
		}
	}
	return nil
}

// standardise scales every column of train to mean 0, std 1 and applies the
// same affine map to test (StandardScaler, as the official linear eval).
func standardise(train, test []float64, d int) {
	n := len(train) / d
	for j := 0; j < d; j++ {
		var m, s float64
		for i := 0; i < n; i++ {
			m += train[i*d+j]
		}
		m /= float64(n)
		for i := 0; i < n; i++ {
			v := train[i*d+j] - m
			s += v * v
		}
		sd := math.Sqrt(s / float64(n))
		if sd < 1e-12 {
			sd = 1
		}
		for i := 0; i < n; i++ {
			train[i*d+j] = (train[i*d+j] - m) / sd
		}
		for i := 0; i < len(test)/d; i++ {
			test[i*d+j] = (test[i*d+j] - m) / sd
		}
	}
}

// softmaxObjective is the probe's objective on n samples of x (n×d,
// row-major): mean cross-entropy of softmax(x·Wᵀ + b) plus λ/2·‖W‖², with
// the parameters packed as W (c×d, row-major) followed by b (c). Its two
// products are GEMMs on the kernels, done block by block of probeBlock rows
// so that each block of x is read from memory once per evaluation.
type softmaxObjective struct {
	x          []float64
	y          []int
	n, d, c    int
	lambda     float64
	logits, dl []float64
}

// probeBlock is the number of samples per block of the probe's objective
// (256 rows of 1024 float64 features are 2 MiB).
const probeBlock = 256

func newSoftmaxObjective(x []float64, y []int, d, c int) *softmaxObjective {
	m := min(len(y), probeBlock)
	return &softmaxObjective{x: x, y: y, n: len(y), d: d, c: c, logits: make([]float64, m*c), dl: make([]float64, m*c)}
}

// eval returns the objective at w and, when grad is non-nil, writes its
// gradient.
func (o *softmaxObjective) eval(w, grad []float64) float64 {
	n, d, c := o.n, o.d, o.c
	nw := c * d
	inv := 1 / float64(n)
	if grad != nil {
		clear(grad)
	}
	var loss float64
	for s := 0; s < n; s += probeBlock {
		m := min(probeBlock, n-s)
		x := o.x[s*d : (s+m)*d]
		dgemm(blas.NoTrans, blas.Trans, m, c, d, 1, x, d, w[:nw], d, 0, o.logits, c)
		for i := 0; i < m; i++ {
			row := o.logits[i*c : (i+1)*c]
			mx := math.Inf(-1)
			for k := range row {
				row[k] += w[nw+k]
				mx = math.Max(mx, row[k])
			}
			var z float64
			for k, v := range row {
				row[k] = math.Exp(v - mx)
				z += row[k]
			}
			yi := o.y[s+i]
			loss += math.Log(z) - math.Log(row[yi])
			if grad != nil {
				g := o.dl[i*c : (i+1)*c]
				for k, v := range row {
					g[k] = v / z * inv
				}
				g[yi] -= inv
				for k, v := range g {
					grad[nw+k] += v
				}
			}
		}
		if grad != nil {
			dgemm(blas.Trans, blas.NoTrans, c, d, m, 1, o.dl, c, x, d, 1, grad[:nw], d)
		}
	}
	loss *= inv
	var ww float64
	for _, v := range w[:nw] {
		ww += v * v
	}
	loss += 0.5 * o.lambda * ww
	if grad != nil {
		for i, v := range w[:nw] {
			grad[i] += o.lambda * v
		}
	}
	return loss
}

// softmaxAccuracy is the fraction of the rows of x (m×d) whose largest
// logit x·Wᵀ + b is at their label.
func softmaxAccuracy(w, x []float64, y []int, d, c int) float64 {
	m := len(y)
	if m == 0 {
		return 0
	}
	nw := c * d
	out := make([]float64, m*c)
	dgemm(blas.NoTrans, blas.Trans, m, c, d, 1, x, d, w[:nw], d, 0, out, c)
	var ok int
	for i := 0; i < m; i++ {
		best, bi := math.Inf(-1), 0
		for k := 0; k < c; k++ {
			if v := out[i*c+k] + w[nw+k]; v > best {
				best, bi = v, k
			}
		}
		if bi == y[i] {
			ok++
		}
	}
	return float64(ok) / float64(m)
}

// LinearProbe fits a multinomial logistic regression (softmax with a ridge
// penalty on the weights) on standardised train features (n×d, copied) and
// reports its accuracy on the test features. λ is chosen on a validation
// split, the last ValFraction of the training samples: the grid is fitted
// on the rest from the largest λ down, each fit warm-started from the
// previous one, and the λ with the best validation accuracy (the larger on
// a tie) is refitted on the whole training split from its path solution.
// Every fit runs L-BFGS to the gradient tolerance.
func LinearProbe(trainX []float64, trainY []int, testX []float64, testY []int, d, classes int, opt ProbeOptions) (ProbeResult, error) {
	start := time.Now()
	if d <= 0 || classes < 2 || len(trainX) == 0 || len(trainX) != len(trainY)*d || len(testX) != len(testY)*d {
		return ProbeResult{}, errors.New("ssl: linear probe: inconsistent feature/label sizes")
	}
	if err := opt.defaults(); err != nil {
		return ProbeResult{}, err
	}
	if err := checkLabels(trainY, classes); err != nil {
		return ProbeResult{}, err
	}
	if err := checkLabels(testY, classes); err != nil {
		return ProbeResult{}, err
	}
	if !allFinite64(trainX) || !allFinite64(testX) {
		return ProbeResult{}, errors.New("ssl: linear probe: features are not finite")
	}
	lambdas := slices.Clone(opt.Lambdas)
	slices.SortFunc(lambdas, func(a, b float64) int { return cmp.Compare(b, a) })
	xtr := append([]float64(nil), trainX...)
	xte := append([]float64(nil), testX...)
	standardise(xtr, xte, d)
	n, c := len(trainY), classes
	w := make([]float64, c*d+c)
	r := ProbeResult{Lambda: lambdas[0], ValAcc: math.NaN()}
	if len(lambdas) > 1 {
		nval := int(math.Round(opt.ValFraction * float64(n)))
		nfit := n - nval
		if nval < 1 || nfit < 1 {
			return ProbeResult{}, fmt.Errorf("ssl: linear probe: %d training samples cannot be split for validation", n)
		}
		obj := newSoftmaxObjective(xtr[:nfit*d], trainY[:nfit], d, c)
		var best []float64
		for _, l := range lambdas {
			obj.lambda = l
			it, g, _ := minimizeLBFGS(obj.eval, w, opt.GradTol, opt.MaxIterations)
			acc := softmaxAccuracy(w, xtr[nfit*d:], trainY[nfit:], d, c)
			r.Path = append(r.Path, ProbeFit{Lambda: l, ValAcc: acc, Iterations: it, GradNorm: g})
			if best == nil || acc > r.ValAcc {
				r.Lambda, r.ValAcc = l, acc
				best = append(best[:0], w...)
			}
		}
		copy(w, best)
	}
	obj := newSoftmaxObjective(xtr, trainY, d, c)
	obj.lambda = r.Lambda
	r.Iterations, r.GradNorm, r.Converged = minimizeLBFGS(obj.eval, w, opt.GradTol, opt.MaxIterations)
	r.TestAcc = softmaxAccuracy(w, xte, testY, d, c)
	r.TrainAcc = softmaxAccuracy(w, xtr, trainY, d, c)
	r.Seconds = time.Since(start).Seconds()
	return r, nil
}

// KNNAccuracy classifies every test feature by a majority vote of its k
// nearest train features under cosine similarity (ties go to the class
// whose members are most similar in total) and returns the accuracy.
func KNNAccuracy(trainX []float64, trainY []int, testX []float64, testY []int, d, classes, k int) (float64, error) {
	n, m := len(trainY), len(testY)
	if d <= 0 || classes < 2 || n == 0 || m == 0 || len(trainX) != n*d || len(testX) != m*d {
		return 0, errors.New("ssl: k-NN: inconsistent feature/label sizes")
	}
	if k < 1 || k > n {
		return 0, fmt.Errorf("ssl: k-NN: k = %d outside 1..%d", k, n)
	}
	if err := checkLabels(trainY, classes); err != nil {
		return 0, err
	}
	if err := checkLabels(testY, classes); err != nil {
		return 0, err
	}
	normed := func(x []float64, rows int) []float64 {
		y := append([]float64(nil), x...)
		for i := 0; i < rows; i++ {
			r := y[i*d : (i+1)*d]
			nr := math.Max(math.Sqrt(dot64s(r, r)), normFloor)
			for j := range r {
				r[j] /= nr
			}
		}
		return y
	}
	a, b := normed(trainX, n), normed(testX, m)
	const chunk = 64
	sims := make([]float64, chunk*n)
	topS := make([]float64, k)
	topI := make([]int, k)
	votes := make([]int, classes)
	score := make([]float64, classes)
	var correct int
	for s := 0; s < m; s += chunk {
		rows := min(chunk, m-s)
		dgemm(blas.NoTrans, blas.Trans, rows, n, d, 1, b[s*d:], d, a, d, 0, sims, n)
		for r := 0; r < rows; r++ {
			row := sims[r*n : (r+1)*n]
			cnt := 0
			for i, v := range row {
				if math.IsNaN(v) {
					v = math.Inf(-1)
				}
				if cnt < k {
					topS[cnt], topI[cnt] = v, i
					cnt++
					for q := cnt - 1; q > 0 && topS[q] > topS[q-1]; q-- {
						topS[q], topS[q-1] = topS[q-1], topS[q]
						topI[q], topI[q-1] = topI[q-1], topI[q]
					}
				} else if v > topS[k-1] {
					topS[k-1], topI[k-1] = v, i
					for q := k - 1; q > 0 && topS[q] > topS[q-1]; q-- {
						topS[q], topS[q-1] = topS[q-1], topS[q]
						topI[q], topI[q-1] = topI[q-1], topI[q]
					}
				}
			}
			for c := range votes {
				votes[c], score[c] = 0, 0
			}
			for q := 0; q < k; q++ {
				votes[trainY[topI[q]]]++
				score[trainY[topI[q]]] += topS[q]
			}
			best := 0
			for c := 1; c < classes; c++ {
				if votes[c] > votes[best] || (votes[c] == votes[best] && score[c] > score[best]) {
					best = c
				}
			}
			if best == testY[s+r] {
				correct++
			}
		}
	}
	return float64(correct) / float64(m), nil
}

func dot64s(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// EvalResult holds the evaluation of the frozen backbone.
type EvalResult struct {
	ProbeAcc float64     // linear-probe test accuracy (Probe.TestAcc)
	KNNAcc   float64     // k-NN test accuracy
	Probe    ProbeResult // the probe's chosen λ, iterations, final gradient norm and time
}

// EvalOptions configures Evaluate.
type EvalOptions struct {
	Classes int // default 10
	K       int // k-NN neighbours (default 20)
	Probe   ProbeOptions
}

// Evaluate extracts backbone features of the clean train and test inputs
// and reports linear-probe and k-NN accuracy.
func (t *Trainer) Evaluate(train, test Dataset, opt EvalOptions) (EvalResult, error) {
	if opt.Classes == 0 {
		opt.Classes = 10
	}
	if opt.K == 0 {
		opt.K = 20
	}
	xtr, ytr, err := t.Features(train)
	if err != nil {
		return EvalResult{}, err
	}
	xte, yte, err := t.Features(test)
	if err != nil {
		return EvalResult{}, err
	}
	d := t.Online.ReprDim()
	var r EvalResult
	if r.Probe, err = LinearProbe(xtr, ytr, xte, yte, d, opt.Classes, opt.Probe); err != nil {
		return r, err
	}
	r.ProbeAcc = r.Probe.TestAcc
	if r.KNNAcc, err = KNNAccuracy(xtr, ytr, xte, yte, d, opt.Classes, min(opt.K, len(ytr))); err != nil {
		return r, err
	}
	return r, nil
}
