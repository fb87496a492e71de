package ssl

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
)

// This file is the linear-network theory of Tian, Chen & Ganguli (ICML
// 2021): the exact expected-gradient (population) dynamics of a bias-free
// linear BYOL, used as a deterministic reference for the paper's claims.

// ScalarFixedPoints returns the non-zero fixed points p*₋ ≤ p*₊ of the
// one-mode dynamics on the invariant parabola (paper Eq. 16):
//
//	p*± = [τ ± sqrt(τ² − 4η(1+σ²))] / (2(1+σ²))
//
// ok is false when η > τ²/(4(1+σ²)), where only p = 0 survives.
func ScalarFixedPoints(tau, eta, sigma2 float64) (pMinus, pPlus float64, ok bool) {
	disc := tau*tau - 4*eta*(1+sigma2)
	if disc < 0 {
		return 0, 0, false
	}
	r := math.Sqrt(disc)
	return (tau - r) / (2 * (1 + sigma2)), (tau + r) / (2 * (1 + sigma2)), true
}

// CriticalWeightDecay is τ²/(4(1+σ²)): above it every mode collapses.
func CriticalWeightDecay(tau, sigma2 float64) float64 { return tau * tau / (4 * (1 + sigma2)) }

// ScalarODE is one eigenmode of the decoupled dynamics (paper Eqs. 11–13):
//
//	ṗ = α_p s [τ − (1+σ²) p] − η p
//	ṡ = 2 p s [τ − (1+σ²) p] − 2η s
//	s τ̇ = β(1−τ) s − τ ṡ/2          (only when FixedTau is false)
type ScalarODE struct {
	P, S, Tau                 float64
	Sigma2, Eta, AlphaP, Beta float64
	FixedTau                  bool
}

// Step advances the mode by one explicit Euler step of size dt.
func (o *ScalarODE) Step(dt float64) {
	g := o.Tau - (1+o.Sigma2)*o.P
	dp := o.AlphaP*o.S*g - o.Eta*o.P
	ds := 2*o.P*o.S*g - 2*o.Eta*o.S
	if !o.FixedTau && o.S != 0 {
		dtau := o.Beta*(1-o.Tau) - o.Tau*ds/(2*o.S)
		o.Tau += dt * dtau
	}
	o.P += dt * dp
	o.S += dt * ds
}

// TheoryPredictor selects the predictor of the linear model.
type TheoryPredictor int

const (
	// TheoryLearned is a learned n2×n2 W_p (gradient flow).
	TheoryLearned TheoryPredictor = iota
	// TheorySymmetric is a learned W_p whose increments are symmetrised.
	TheorySymmetric
	// TheoryNone fixes W_p = I.
	TheoryNone
	// TheoryDirectPred sets W_p = U diag(sqrt(s_j⁺) + ε sqrt(s_max)) Uᵀ from
	// F̂ ← ρF̂ + (1−ρ)·W(X+X′)Wᵀ (squared-loss DirectPred).
	TheoryDirectPred
)

// LinearModel is the paper's linear model (Lemma 1) integrated with Euler
// steps of size Alpha: online W (N2×N1), target W_a, predictor W_p (N2×N2),
// data covariance X and augmentation covariance X′ (N1×N1), all row-major.
//
//	R   = W_a X − W_p W (X+X′)
//	W  += α (W_pᵀ R − η W)
//	W_p+= α (α_p R Wᵀ − η_p W_p)
//	W_a = γ W_a + (1−γ) W              (EMA; W_a = W when !EMA)
//
// Without stop-gradient (W_a = W, gradient through both branches):
// W += α(−W_pᵀW_p W Xs + (W_pᵀ+W_p) W X − W Xs − η W).
type LinearModel struct {
	N1, N2              int
	W, Wa, Wp           []float64
	X, Xp               []float64
	Alpha, AlphaP       float64
	Eta, EtaP, Gamma    float64
	Pred                TheoryPredictor
	NoStopGrad, NoEMA   bool
	Rho, Eps            float64
	F                   []float64
	haveF               bool
	setter              *DirectSetter
	xs, r, t1, t2, dW   []float64
	dWp, wx, f32w, fcur []float64
	wp32                []float32
}

// NewLinearModel allocates a model with X = I, X′ = sigma2·I, W ~ N(0, 1/N1)
// from rng, W_a = W, W_p = wp0·I (or ~N(0, 1/N2) when wp0 is NaN).
func NewLinearModel(n1, n2 int, sigma2, wp0 float64, rng *RNG) *LinearModel {
	m := &LinearModel{N1: n1, N2: n2, Alpha: 0.01, AlphaP: 1, Gamma: 0.996, Rho: 0.3}
	m.W = make([]float64, n2*n1)
	for i := range m.W {
		m.W[i] = rng.Norm() / math.Sqrt(float64(n1))
	}
	m.Wa = append([]float64(nil), m.W...)
	m.Wp = make([]float64, n2*n2)
	for i := 0; i < n2; i++ {
		for j := 0; j < n2; j++ {
			if math.IsNaN(wp0) {
				m.Wp[i*n2+j] = rng.Norm() / math.Sqrt(float64(n2))
			} else if i == j {
				m.Wp[i*n2+j] = wp0
			}
		}
	}
	m.X = make([]float64, n1*n1)
	m.Xp = make([]float64, n1*n1)
	for i := 0; i < n1; i++ {
		m.X[i*n1+i] = 1
		m.Xp[i*n1+i] = sigma2
	}
	return m
}

func (m *LinearModel) alloc() {
	n1, n2 := m.N1, m.N2
	if len(m.xs) == n1*n1 {
		return
	}
	m.xs = make([]float64, n1*n1)
	m.r = make([]float64, n2*n1)
	m.t1 = make([]float64, n2*n1)
	m.t2 = make([]float64, n2*n1)
	m.dW = make([]float64, n2*n1)
	m.dWp = make([]float64, n2*n2)
	m.wx = make([]float64, n2*n1)
	m.fcur = make([]float64, n2*n2)
	m.wp32 = make([]float32, n2*n2)
	m.F = make([]float64, n2*n2)
}

func mm(tA, tB blas.Transpose, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64) {
	dgemm(tA, tB, m, n, k, 1, a, lda, b, ldb, 0, c, n)
}

// Step advances the model by one Euler step. It returns an error only when
// the DirectPred predictor cannot be computed (no eigensolver).
func (m *LinearModel) Step() error {
	n1, n2 := m.N1, m.N2
	if n1 < 1 || n2 < 1 || len(m.W) != n2*n1 || len(m.Wa) != n2*n1 || len(m.Wp) != n2*n2 ||
		len(m.X) != n1*n1 || len(m.Xp) != n1*n1 {
		return fmt.Errorf("ssl: linear model matrices do not match N1=%d, N2=%d", n1, n2)
	}
	m.alloc()
	a := m.Alpha
	for i := range m.xs {
		m.xs[i] = m.X[i] + m.Xp[i]
	}
	if m.Pred == TheoryDirectPred {
		if err := m.setDirect(); err != nil {
			return err
		}
	}
	if m.Pred == TheoryNone {
		for i := 0; i < n2; i++ {
			for j := 0; j < n2; j++ {
				m.Wp[i*n2+j] = 0
				if i == j {
					m.Wp[i*n2+j] = 1
				}
			}
		}
	}
	wa := m.Wa
	if m.NoEMA || m.NoStopGrad {
		wa = m.W
	}
	// R = Wa X − Wp W Xs.
	mm(blas.NoTrans, blas.NoTrans, n2, n1, n1, m.W, n1, m.xs, n1, m.t1)  // W Xs
	mm(blas.NoTrans, blas.NoTrans, n2, n1, n2, m.Wp, n2, m.t1, n1, m.t2) // Wp W Xs
	mm(blas.NoTrans, blas.NoTrans, n2, n1, n1, wa, n1, m.X, n1, m.r)     // Wa X
	for i := range m.r {
		m.r[i] -= m.t2[i]
	}
	if !m.NoStopGrad {
		mm(blas.Trans, blas.NoTrans, n2, n1, n2, m.Wp, n2, m.r, n1, m.dW) // Wpᵀ R
	} else {
		// −WpᵀWp W Xs + (Wpᵀ+Wp) W X − W Xs = Wpᵀ R + (Wp W X − W Xs).
		mm(blas.Trans, blas.NoTrans, n2, n1, n2, m.Wp, n2, m.r, n1, m.dW)
		mm(blas.NoTrans, blas.NoTrans, n2, n1, n1, m.W, n1, m.X, n1, m.wx)   // W X
		mm(blas.NoTrans, blas.NoTrans, n2, n1, n2, m.Wp, n2, m.wx, n1, m.t2) // Wp W X
		for i := range m.dW {
			m.dW[i] += m.t2[i] - m.t1[i]
		}
	}
	learned := m.Pred == TheoryLearned || m.Pred == TheorySymmetric
	if learned {
		mm(blas.NoTrans, blas.Trans, n2, n2, n1, m.r, n1, m.W, n1, m.dWp) // R Wᵀ
		for i := range m.dWp {
			m.dWp[i] = m.AlphaP*m.dWp[i] - m.EtaP*m.Wp[i]
		}
		if m.Pred == TheorySymmetric {
			for i := 0; i < n2; i++ {
				for j := i; j < n2; j++ {
					s := 0.5 * (m.dWp[i*n2+j] + m.dWp[j*n2+i])
					m.dWp[i*n2+j], m.dWp[j*n2+i] = s, s
				}
			}
		}
	}
	for i := range m.W {
		m.W[i] += a * (m.dW[i] - m.Eta*m.W[i])
	}
	if learned {
		for i := range m.Wp {
			m.Wp[i] += a * m.dWp[i]
		}
	}
	if m.NoEMA || m.NoStopGrad {
		copy(m.Wa, m.W)
	} else {
		for i := range m.Wa {
			m.Wa[i] = m.Gamma*m.Wa[i] + (1-m.Gamma)*m.W[i]
		}
	}
	return nil
}

func (m *LinearModel) setDirect() error {
	n1, n2 := m.N1, m.N2
	if m.setter == nil {
		m.setter = NewDirectSetter(PredDirectPred, n2, m.Eps, LossSquared, newSymEigen())
	}
	mm(blas.NoTrans, blas.NoTrans, n2, n1, n1, m.W, n1, m.xs, n1, m.t1)
	mm(blas.NoTrans, blas.Trans, n2, n2, n1, m.t1, n1, m.W, n1, m.fcur)
	if !m.haveF {
		copy(m.F, m.fcur)
		m.haveF = true
	} else {
		for i := range m.F {
			m.F[i] = m.Rho*m.F[i] + (1-m.Rho)*m.fcur[i]
		}
	}
	m.setter.Eps = m.Eps
	if u := m.setter.Compute(m.F, m.wp32); u.Applied {
		// The theory uses the float64 W_p (exactly symmetric); the float32
		// copy is unused.
		copy(m.Wp[:n2*n2], m.setter.w[:n2*n2])
	}
	return nil
}

// TheoryMetrics summarises a linear model (F = W X Wᵀ).
type TheoryMetrics struct {
	S          []float64 // eigenvalues of F, descending
	Surviving  int       // #{s_j > 1e-3·s_max}
	EffRank    float64
	Alignment  float64 // mean over surviving u_j of |u_jᵀW_p u_j|/‖W_p u_j‖
	Commutator float64 // ‖F W_p − W_p F‖/(‖F‖‖W_p‖)
	Asymmetry  float64 // ‖W_p − W_pᵀ‖/‖W_p‖
	NormW      float64 // ‖W‖_F
}

// Metrics computes the summary; it needs the eigensolver.
func (m *LinearModel) Metrics() (TheoryMetrics, error) {
	n1, n2 := m.N1, m.N2
	if n1 < 1 || n2 < 1 || len(m.W) != n2*n1 || len(m.Wp) != n2*n2 || len(m.X) != n1*n1 {
		return TheoryMetrics{}, fmt.Errorf("ssl: linear model matrices do not match N1=%d, N2=%d", n1, n2)
	}
	f := make([]float64, n2*n2)
	t := make([]float64, n2*n1)
	mm(blas.NoTrans, blas.NoTrans, n2, n1, n1, m.W, n1, m.X, n1, t)
	mm(blas.NoTrans, blas.Trans, n2, n2, n1, t, n1, m.W, n1, f)
	s, u, err := symEig(f, n2)
	if err != nil {
		return TheoryMetrics{}, err
	}
	var met TheoryMetrics
	met.S = make([]float64, n2)
	for j := range s {
		met.S[j] = s[n2-1-j]
	}
	met.EffRank = EffectiveRank(s)
	smax := met.S[0]
	var cnt int
	for j := 0; j < n2; j++ {
		if s[j] > 1e-3*smax && smax > 0 {
			met.Surviving++
			a := modeAlignment(m.Wp, u, n2, j)
			if !math.IsNaN(a) {
				met.Alignment += a
				cnt++
			}
		}
	}
	if cnt > 0 {
		met.Alignment /= float64(cnt)
	}
	met.Commutator = Commutator(f, m.Wp, n2)
	met.Asymmetry = Asymmetry(m.Wp, n2)
	met.NormW = frob(m.W)
	return met, nil
}

// LowNoiseEnergy is the fraction of ‖W‖²_F in the first k input coordinates.
func (m *LinearModel) LowNoiseEnergy(k int) float64 {
	var lo, all float64
	for i := 0; i < m.N2; i++ {
		for j := 0; j < m.N1; j++ {
			v := m.W[i*m.N1+j] * m.W[i*m.N1+j]
			all += v
			if j < k {
				lo += v
			}
		}
	}
	return lo / all
}

// symEig returns ascending eigenvalues and eigenvectors (columns, row-major)
// of the symmetric n×n matrix a, using the package's eigensolver.
func symEig(a []float64, n int) ([]float64, []float64, error) {
	e := newSymEigen()
	c := append([]float64(nil), a[:n*n]...)
	if !allFinite64(c) {
		return nil, nil, fmt.Errorf("ssl: matrix is not finite")
	}
	if !e.Factorize(c, n, n, true) {
		return nil, nil, fmt.Errorf("ssl: eigensolver did not converge")
	}
	s := e.Values(nil)
	u := make([]float64, n*n)
	e.VectorsTo(u, n)
	return s, u, nil
}

// EffectiveRank is exp of the entropy of the normalised non-negative
// eigenvalues (0 for an all-zero spectrum).
func EffectiveRank(s []float64) float64 {
	var sum float64
	for _, v := range s {
		sum += math.Max(v, 0)
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return 0
	}
	var h float64
	for _, v := range s {
		q := math.Max(v, 0) / sum
		if q > 0 {
			h -= q * math.Log(q)
		}
	}
	return math.Exp(h)
}

// modeAlignment returns |u_jᵀ W u_j| / ‖W u_j‖ for column j of u (NaN when
// W u_j = 0).
func modeAlignment(w, u []float64, n, j int) float64 {
	var num, nrm float64
	for i := 0; i < n; i++ {
		var s float64
		for k := 0; k < n; k++ {
			s += w[i*n+k] * u[k*n+j]
		}
		num += u[i*n+j] * s
		nrm += s * s
	}
	if nrm == 0 {
		return math.NaN()
	}
	return math.Abs(num) / math.Sqrt(nrm)
}

// Commutator returns ‖F W − W F‖_F / (‖F‖_F ‖W‖_F) for n×n matrices.
func Commutator(f, w []float64, n int) float64 {
	var c float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for k := 0; k < n; k++ {
				s += f[i*n+k]*w[k*n+j] - w[i*n+k]*f[k*n+j]
			}
			c += s * s
		}
	}
	den := frob(f[:n*n]) * frob(w[:n*n])
	if den == 0 {
		return 0
	}
	return math.Sqrt(c) / den
}

// Asymmetry returns ‖W − Wᵀ‖_F / ‖W‖_F.
func Asymmetry(w []float64, n int) float64 {
	var c float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			d := w[i*n+j] - w[j*n+i]
			c += d * d
		}
	}
	den := frob(w[:n*n])
	if den == 0 {
		return 0
	}
	return math.Sqrt(c) / den
}

func frob(a []float64) float64 {
	var s float64
	for _, v := range a {
		s += v * v
	}
	return math.Sqrt(s)
}

// RandomOrthogonal returns an n×n orthogonal matrix (row-major) from
// Gram–Schmidt on a Gaussian matrix drawn from rng.
func RandomOrthogonal(n int, rng *RNG) []float64 {
	q := make([]float64, n*n)
	for {
		for i := range q {
			q[i] = rng.Norm()
		}
		ok := true
		for j := 0; j < n && ok; j++ { // columns
			for k := 0; k < j; k++ {
				var d float64
				for i := 0; i < n; i++ {
					d += q[i*n+j] * q[i*n+k]
				}
				for i := 0; i < n; i++ {
					q[i*n+j] -= d * q[i*n+k]
				}
			}
			var nrm float64
			for i := 0; i < n; i++ {
				nrm += q[i*n+j] * q[i*n+j]
			}
			nrm = math.Sqrt(nrm)
			if nrm < 1e-8 {
				ok = false
				break
			}
			for i := 0; i < n; i++ {
				q[i*n+j] /= nrm
			}
		}
		if ok {
			return q
		}
	}
}

// SetSingularValues replaces W (N2×N1) by U diag(sv) Vᵀ with random
// orthogonal U, V from rng (len(sv) = N2 ≤ N1), and sets W_a = W.
func (m *LinearModel) SetSingularValues(sv []float64, rng *RNG) {
	n1, n2 := m.N1, m.N2
	u := RandomOrthogonal(n2, rng)
	v := RandomOrthogonal(n1, rng)
	for i := 0; i < n2; i++ {
		for j := 0; j < n1; j++ {
			var s float64
			for k := 0; k < n2; k++ {
				s += u[i*n2+k] * sv[k] * v[j*n1+k]
			}
			m.W[i*n1+j] = s
		}
	}
	copy(m.Wa, m.W)
}
