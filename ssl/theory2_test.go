package ssl

import (
	"math"
	"testing"
)

// directPredRun integrates squared-loss DirectPred in the linear model with
// W(0) having singular values log-spaced from 1 to 1e-3.
func directPredRun(t *testing.T, eta, eps float64, steps int) TheoryMetrics {
	t.Helper()
	m := NewLinearModel(16, 8, 0.5, 0.5, NewRNG(21))
	m.Alpha, m.Eta, m.EtaP, m.Gamma = 0.01, eta, eta, 0.996
	m.Pred, m.Rho, m.Eps = TheoryDirectPred, 0.3, eps
	sv := make([]float64, 8)
	for i := range sv {
		sv[i] = math.Pow(10, -3*float64(i)/7)
	}
	m.SetSingularValues(sv, NewRNG(22))
	for i := 0; i < steps; i++ {
		if err := m.Step(); err != nil {
			t.Fatal(err)
		}
	}
	met, err := m.Metrics()
	if err != nil {
		t.Fatal(err)
	}
	return met
}

func TestDirectPredEpsilonThreshold(t *testing.T) {
	const eta = 0.04
	pm, pp, _ := ScalarFixedPoints(1, eta, 0.5)
	r := pm / pp
	epsStar := r / (1 - r) // ε/(1+ε) = p*₋/p*₊
	t.Logf("η=%g: p*₋/p*₊ = %.4f, threshold ε* = %.4f", eta, r, epsStar)
	below := directPredRun(t, eta, 0.05, 40000)
	above := directPredRun(t, eta, 0.1, 40000)
	t.Logf("ε=0.05: %d modes s=%.4f", below.Surviving, below.S)
	t.Logf("ε=0.10: %d modes s=%.4f", above.Surviving, above.S)
	if 0.05 >= epsStar || 0.1 <= epsStar {
		t.Fatalf("test values do not straddle ε* = %g", epsStar)
	}
	if below.Surviving >= 8 {
		t.Fatalf("ε=0.05 < ε*: expected some modes to collapse, %d survive", below.Surviving)
	}
	if above.Surviving != 8 {
		t.Fatalf("ε=0.1 > ε*: expected all 8 modes, got %d", above.Surviving)
	}
	if above.Commutator > 1e-8 {
		t.Fatalf("DirectPred W_p should commute with F: %g", above.Commutator)
	}
}

func TestWeightDecayFeatureThreshold(t *testing.T) {
	// Semantic block σ² = 0.1, nuisance block σ² = 3.0: critical weight decays
	// 1/(4·1.1) = 0.227 and 1/(4·4) = 0.0625.
	lo, hi := CriticalWeightDecay(1, 3.0), CriticalWeightDecay(1, 0.1)
	steps := 40000
	if testing.Short() {
		steps = 20000
	}
	run := func(eta float64, pred TheoryPredictor) (*LinearModel, TheoryMetrics) {
		m := NewLinearModel(16, 16, 0, 0.5, NewRNG(31))
		for i := 0; i < 16; i++ {
			m.Xp[i*16+i] = 0.1
			if i >= 8 {
				m.Xp[i*16+i] = 3.0
			}
		}
		m.Alpha, m.Eta, m.EtaP, m.Gamma = 0.01, eta, eta, 0.996
		m.Pred, m.Eps = pred, 0.1
		for i := 0; i < steps; i++ {
			if err := m.Step(); err != nil {
				t.Fatal(err)
			}
		}
		met, err := m.Metrics()
		if err != nil {
			t.Fatal(err)
		}
		return m, met
	}
	eta := 0.1
	if eta <= lo || eta >= hi {
		t.Fatalf("η=%g not between %g and %g", eta, lo, hi)
	}
	for _, pred := range []TheoryPredictor{TheoryLearned, TheoryDirectPred} {
		m, met := run(eta, pred)
		e := m.LowNoiseEnergy(8)
		t.Logf("pred %d η=%g: %d modes, low-noise energy %.6f, s=%.3f", pred, eta, met.Surviving, e, met.S)
		if met.Surviving != 8 || e < 0.999 {
			t.Fatalf("pred %d: want exactly the 8 low-noise modes, got %d modes, energy %g", pred, met.Surviving, e)
		}
	}
	// Below both thresholds the nuisance modes survive too.
	m, met := run(0.02, TheoryLearned)
	e := m.LowNoiseEnergy(8)
	t.Logf("η=0.02: %d modes, low-noise energy %.4f, s=%.3f", met.Surviving, e, met.S)
	if met.Surviving <= 8 || e > 0.99 {
		t.Fatalf("η=0.02: nuisance modes should survive, got %d modes, low-noise energy %g", met.Surviving, e)
	}
}

func TestBalancingInvariant(t *testing.T) {
	// Theorem 1: C = WWᵀ − α_p⁻¹W_pᵀW_p obeys Ċ = −2ηC whatever W_a does.
	m := NewLinearModel(16, 8, 0.5, math.NaN(), NewRNG(41))
	m.Alpha, m.AlphaP, m.Eta, m.EtaP, m.Gamma = 0.01, 2, 0.04, 0.04, 0.996
	for i := range m.Wa {
		m.Wa[i] = 0
	}
	c := func() []float64 {
		n1, n2 := m.N1, m.N2
		out := make([]float64, n2*n2)
		for i := 0; i < n2; i++ {
			for j := 0; j < n2; j++ {
				var ww, pp float64
				for k := 0; k < n1; k++ {
					ww += m.W[i*n1+k] * m.W[j*n1+k]
				}
				for k := 0; k < n2; k++ {
					pp += m.Wp[k*n2+i] * m.Wp[k*n2+j]
				}
				out[i*n2+j] = ww - pp/m.AlphaP
			}
		}
		return out
	}
	c0 := c()
	n0 := frob(c0)
	for step := 1; step <= 30000; step++ {
		if err := m.Step(); err != nil {
			t.Fatal(err)
		}
		if step%5000 == 0 {
			tt := float64(step) * m.Alpha
			ct := c()
			decay := math.Exp(-2 * m.Eta * tt)
			var e float64
			for i := range ct {
				d := ct[i] - decay*c0[i]
				e += d * d
			}
			rel := math.Sqrt(e) / n0
			// τ = ⟨W, W_a⟩/‖W‖² (the target catches up with the online net).
			var wa, ww float64
			for i := range m.W {
				wa += m.W[i] * m.Wa[i]
				ww += m.W[i] * m.W[i]
			}
			t.Logf("t=%g: ‖C(t) − e^{−2ηt}C(0)‖/‖C(0)‖ = %.2e, τ = %.4f", tt, rel, wa/ww)
			if rel > 2e-4 {
				t.Fatalf("t=%g: invariant violated by %g", tt, rel)
			}
			if tt >= 100 && math.Abs(wa/ww-1) > 1e-2 {
				t.Fatalf("t=%g: τ = %g, want ≈ 1", tt, wa/ww)
			}
		}
	}
}
