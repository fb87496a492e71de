package ssl

import (
	"errors"
	"fmt"
	"math"

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

// ProbeOptions configures the linear probe.
type ProbeOptions struct {
	L2         float64 // ridge penalty λ/2‖W‖² on the weights (default 1e-2)
	Iterations int     // L-BFGS iteration cap (default 200)
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

// LinearProbe fits a multinomial logistic regression (softmax, L2 penalty,
// L-BFGS) on standardised train features (n×d, copied) and returns the test
// accuracy and the training accuracy.
func LinearProbe(trainX []float64, trainY []int, testX []float64, testY []int, d, classes int, opt ProbeOptions) (testAcc, trainAcc float64, err error) {
	if d <= 0 || classes < 2 || len(trainX) == 0 || len(trainX) != len(trainY)*d || len(testX) != len(testY)*d {
		return 0, 0, errors.New("ssl: linear probe: inconsistent feature/label sizes")
	}
	if err := checkLabels(trainY, classes); err != nil {
		return 0, 0, err
	}
	if err := checkLabels(testY, classes); err != nil {
		return 0, 0, err
	}
	if !allFinite64(trainX) || !allFinite64(testX) {
		return 0, 0, errors.New("ssl: linear probe: features are not finite")
	}
	if opt.L2 == 0 {
		opt.L2 = 1e-2
	}
	if opt.Iterations == 0 {
		opt.Iterations = 200
	}
	xtr := append([]float64(nil), trainX...)
	xte := append([]float64(nil), testX...)
	standardise(xtr, xte, d)
	n, c := len(trainY), classes
	logits := make([]float64, n*c)
	dl := make([]float64, n*c)
	nw := c * d
	eval := func(w []float64, grad []float64) float64 {
		// logits = X·Wᵀ + b
		dgemm(blas.NoTrans, blas.Trans, n, c, d, 1, xtr, d, w[:nw], d, 0, logits, c)
		var loss float64
		for i := 0; i < n; i++ {
			row := logits[i*c : (i+1)*c]
			mx := math.Inf(-1)
			for k := range row {
				row[k] += w[nw+k]
				mx = math.Max(mx, row[k])
			}
			var z float64
			for _, v := range row {
				z += math.Exp(v - mx)
			}
			loss += mx + math.Log(z) - row[trainY[i]]
			if grad != nil {
				for k, v := range row {
					dl[i*c+k] = math.Exp(v-mx) / z / float64(n)
				}
				dl[i*c+trainY[i]] -= 1 / float64(n)
			}
		}
		loss /= float64(n)
		for _, v := range w[:nw] {
			loss += 0.5 * opt.L2 * v * v
		}
		if grad != nil {
			dgemm(blas.Trans, blas.NoTrans, c, d, n, 1, dl, c, xtr, d, 0, grad[:nw], d)
			for k := 0; k < c; k++ {
				var s float64
				for i := 0; i < n; i++ {
					s += dl[i*c+k]
				}
				grad[nw+k] = s
			}
			for i, v := range w[:nw] {
				grad[i] += opt.L2 * v
			}
		}
		return loss
	}
	w := make([]float64, nw+c)
	lbfgs(eval, w, opt.Iterations, 10, 1e-6)
	acc := func(x []float64, y []int) float64 {
		m := len(y)
		if m == 0 {
			return 0
		}
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
	return acc(xte, testY), acc(xtr, trainY), nil
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
	ProbeAcc      float64 // linear-probe test accuracy
	ProbeTrainAcc float64
	KNNAcc        float64 // k-NN test accuracy
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
	if r.ProbeAcc, r.ProbeTrainAcc, err = LinearProbe(xtr, ytr, xte, yte, d, opt.Classes, opt.Probe); err != nil {
		return r, err
	}
	if r.KNNAcc, err = KNNAccuracy(xtr, ytr, xte, yte, d, opt.Classes, min(opt.K, len(ytr))); err != nil {
		return r, err
	}
	return r, nil
}
