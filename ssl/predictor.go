package ssl

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/kernels"
)

// PredictorKind selects how the predictor W_p is obtained (Config.Method).
// Its value is the method's name, which is also what checkpoints record.
type PredictorKind string

const (
	// PredNone is the identity (no predictor).
	PredNone PredictorKind = "none"
	// PredLinear is a d×d linear predictor learned by SGD.
	PredLinear PredictorKind = "linear"
	// PredDirectPred sets W_p = U·diag(p)·Uᵀ from the eigendecomposition of F̂.
	PredDirectPred PredictorKind = "directpred"
	// PredDirectCopy sets W_p = F̂/s_max + ε·I.
	PredDirectCopy PredictorKind = "directcopy"
)

// ParsePredictor maps a method name (or the alias identity, byol or
// direct) to a PredictorKind.
func ParsePredictor(s string) (PredictorKind, error) {
	switch s {
	case "none", "identity":
		return PredNone, nil
	case "linear", "byol":
		return PredLinear, nil
	case "directpred", "direct":
		return PredDirectPred, nil
	case "directcopy":
		return PredDirectCopy, nil
	}
	return "", fmt.Errorf("ssl: unknown predictor %q (want none, linear, directpred or directcopy)", s)
}

// Set parses s into k (flag.Value).
func (k *PredictorKind) Set(s string) (err error) { *k, err = ParsePredictor(s); return err }

// String returns the method name (flag.Value).
func (k *PredictorKind) String() string { return string(*k) }

// direct reports whether W_p is computed from F̂ (DirectPred, DirectCopy).
func (k PredictorKind) direct() bool { return k == PredDirectPred || k == PredDirectCopy }

// CorrEMA is DirectPred's running correlation estimate F̂ (float64, d×d):
// F̂ ← ρ·F̂ + (1−ρ)·(1/N)·Σ z zᵀ over the N rows of each batch, uncentred;
// the first batch initialises F̂. It is the second moment of an EMA
// kernels.Covariance (float64 products of the float32 outputs; each batch
// centred on its mean, so that a large common offset costs no precision),
// copied to F after every batch.
type CorrEMA struct {
	D    int
	Rho  float64
	F    []float64 // F̂, both triangles
	Have bool      // a batch has been added
	acc  *kernels.Covariance[float32]
}

// NewCorrEMA returns an empty estimator of a d×d correlation.
func NewCorrEMA(d int, rho float64) *CorrEMA {
	acc := kernels.NewEMACovariance[float32](d, rho)
	acc.SetFloat32Products(false) // training results must not depend on the library default
	return &CorrEMA{D: d, Rho: rho, F: make([]float64, d*d), acc: acc}
}

// Add folds one batch (rows×d, float32) into F̂.
func (c *CorrEMA) Add(z []float32, rows int) {
	c.acc.Add(z[:rows*c.D])
	c.acc.SecondMoment(c.F)
	c.Have = true
}

// count is the accumulator's sample count (0 before the first batch).
func (c *CorrEMA) count() int { return c.acc.Count() }

// state writes the accumulator's mean (d) and covariance (d×d), what a
// checkpoint stores beside count.
func (c *CorrEMA) state(mean, cov []float64) {
	c.acc.Mean(mean)
	c.acc.Covariance(cov)
}

// setState restores the accumulator (see state) and F̂ from it.
func (c *CorrEMA) setState(n int, mean, cov []float64) {
	c.acc.SetState(n, mean, cov)
	c.Have = n > 0
	if c.Have {
		c.acc.SecondMoment(c.F)
	} else {
		clear(c.F)
	}
}

// setSecondMoment makes f the current F̂ (a checkpoint of format 1 or 2,
// which stored F̂ alone): zero mean and covariance f, whose second moment is
// f; later batches update it by the same EMA in real arithmetic.
func (c *CorrEMA) setSecondMoment(f []float64) {
	c.setState(1, make([]float64, c.D), f)
}

// PredictorUpdate reports the outcome of one DirectPred/DirectCopy
// recomputation of W_p.
type PredictorUpdate struct {
	Applied bool   // W_p was replaced
	Reason  string // why it was kept, when !Applied
	SMax    float64
}

// DirectSetter computes W_p from F̂ (DirectPred or DirectCopy). It keeps the
// eigenvectors of the previous recomputation to warm-start the eigensolver,
// and backs off when warm starts do not pay: a warm attempt that falls back
// to the cold solve costs the Jacobi set-up on top of the cold solve (when
// F̂ changes faster than its spectral gaps, as with ρ = 0.3, nearly every
// attempt does), so after such a fallback the next warmBackoff
// recomputations go straight to the cold solve, warmBackoff doubling (up to
// maxWarmBackoff) with every further fallback and resetting after a warm
// success. The back-off state is part of the checkpoint.
type DirectSetter struct {
	Kind  PredictorKind
	D     int
	Eps   float64
	Loss  LossKind // squared loss uses the unnormalised DirectPred formula
	U     []float64
	HaveU bool
	// Cold disables the warm start (every recomputation is a cold solve).
	Cold bool
	// warmSkip recomputations remain before the next warm attempt;
	// warmBackoff is the current back-off length.
	warmSkip, warmBackoff int
	// EigenTime accumulates the time spent in the eigensolver.
	EigenTime time.Duration
	solver    SymEigensolver
	a, s, p   []float64
	tmp, w    []float64
	v         []float64
}

// maxWarmBackoff bounds the recomputations skipped between two warm attempts.
const maxWarmBackoff = 64

// NewDirectSetter returns a setter for a d×d predictor.
func NewDirectSetter(kind PredictorKind, d int, eps float64, loss LossKind, solver SymEigensolver) *DirectSetter {
	return &DirectSetter{Kind: kind, D: d, Eps: eps, Loss: loss, solver: solver,
		U: make([]float64, d*d), a: make([]float64, d*d), s: make([]float64, d), p: make([]float64, d),
		tmp: make([]float64, d*d), w: make([]float64, d*d), v: make([]float64, 2*d)}
}

// Compute derives W_p from F (d×d, symmetric) and, on success, writes it
// (row-major d×d) into dst. On a non-finite F, a failed eigensolver or
// s_max ≤ 0, dst is left untouched and the reason is returned.
func (ds *DirectSetter) Compute(F []float64, dst []float32) PredictorUpdate {
	d := ds.D
	if len(F) < d*d || len(dst) < d*d {
		return PredictorUpdate{Reason: fmt.Sprintf("F̂ or W_p shorter than %d×%d", d, d)}
	}
	if !allFinite64(F[:d*d]) {
		return PredictorUpdate{Reason: "F̂ is not finite"}
	}
	if ds.Kind == PredDirectCopy {
		smax := ds.lambdaMax(F)
		if !(smax > 0) || math.IsInf(smax, 0) {
			return PredictorUpdate{Reason: fmt.Sprintf("s_max = %g ≤ 0", smax), SMax: smax}
		}
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				v := F[i*d+j] / smax
				if i == j {
					v += ds.Eps
				}
				dst[i*d+j] = float32(v)
			}
		}
		return PredictorUpdate{Applied: true, SMax: smax}
	}
	copy(ds.a, F[:d*d])
	t0 := time.Now()
	var ok bool
	switch {
	case ds.HaveU && !ds.Cold && ds.warmSkip == 0:
		ok = ds.solver.FactorizeWarm(ds.a, d, d, ds.U, d)
		if ok && !ds.solver.WarmUsed() {
			ds.warmBackoff = min(max(1, 2*ds.warmBackoff), maxWarmBackoff)
			ds.warmSkip = ds.warmBackoff
		} else if ok {
			ds.warmBackoff = 0
		}
	default:
		if ds.warmSkip > 0 {
			ds.warmSkip--
		}
		ok = ds.solver.Factorize(ds.a, d, d, true)
	}
	ds.EigenTime += time.Since(t0)
	if !ok {
		return PredictorUpdate{Reason: "eigensolver did not converge"}
	}
	ds.s = ds.solver.Values(ds.s)
	ds.solver.VectorsTo(ds.U, d)
	ds.HaveU = true
	smax := math.Inf(-1)
	for _, v := range ds.s {
		smax = math.Max(smax, v)
	}
	if !(smax > 0) || math.IsInf(smax, 0) {
		return PredictorUpdate{Reason: fmt.Sprintf("s_max = %g ≤ 0", smax), SMax: smax}
	}
	DirectPredGains(ds.s, smax, ds.Eps, ds.Loss, ds.p)
	// W = U·diag(p)·Uᵀ = G·Gᵀ with G = U·diag(sqrt(p)) (every p_j > 0): a
	// rank-d update of the lower triangle, mirrored, so W (ds.w in float64,
	// dst in float32) is exactly symmetric.
	for j, v := range ds.p {
		ds.p[j] = math.Sqrt(v)
	}
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			ds.tmp[i*d+j] = ds.U[i*d+j] * ds.p[j]
		}
	}
	syrkLower(blas.NoTrans, d, d, 1, ds.tmp, 0, ds.w)
	for i := 0; i < d; i++ {
		for j := 0; j <= i; j++ {
			ds.w[j*d+i] = ds.w[i*d+j]
			v := float32(ds.w[i*d+j])
			dst[i*d+j], dst[j*d+i] = v, v
		}
	}
	return PredictorUpdate{Applied: true, SMax: smax}
}

// DirectPredGains writes DirectPred's eigenvalues p_j for eigenvalues s of
// F̂ with maximum smax > 0:
//
//	cosine loss:  p_j = max(sqrt(max(s_j,0)/s_max) + ε, 1e-4)
//	squared loss: p_j = max(sqrt(max(s_j,0)) + ε·sqrt(s_max), 1e-4·sqrt(s_max))
func DirectPredGains(s []float64, smax, eps float64, loss LossKind, p []float64) {
	for j, v := range s {
		v = math.Max(v, 0)
		if loss == LossSquared {
			r := math.Sqrt(smax)
			p[j] = math.Max(math.Sqrt(v)+eps*r, 1e-4*r)
		} else {
			p[j] = math.Max(math.Sqrt(v/smax)+eps, 1e-4)
		}
	}
}

// lambdaMax is the largest eigenvalue of the symmetric PSD matrix F by power
// iteration with a Rayleigh quotient, warm-started from the previous vector.
func (ds *DirectSetter) lambdaMax(F []float64) float64 {
	d := ds.D
	x, y := ds.v[:d], ds.v[d:]
	if !ds.HaveU {
		for i := range x {
			x[i] = 1 / math.Sqrt(float64(d)) * (1 + 1e-3*float64(i%7))
		}
		ds.HaveU = true
	}
	lam := 0.0
	for it := 0; it < 500; it++ {
		var nrm, rq float64
		for i := 0; i < d; i++ {
			var s float64
			row := F[i*d : (i+1)*d]
			for j, v := range row {
				s += v * x[j]
			}
			y[i] = s
			rq += s * x[i]
			nrm += s * s
		}
		nrm = math.Sqrt(nrm)
		if nrm == 0 || math.IsNaN(nrm) {
			return 0
		}
		for i := range x {
			x[i] = y[i] / nrm
		}
		if it > 0 && math.Abs(rq-lam) <= 1e-13*math.Abs(rq) {
			return rq
		}
		lam = rq
	}
	return lam
}
