package ssl

import (
	"math"
	"testing"
)

func TestScalarFixedPoints(t *testing.T) {
	pm, pp, ok := ScalarFixedPoints(1, 0.05, 0.5)
	if !ok {
		t.Fatal("fixed points should exist")
	}
	if math.Abs(pm-0.05445) > 1e-4 || math.Abs(pp-0.61222) > 1e-4 {
		t.Fatalf("p*- = %.6f, p*+ = %.6f; want 0.05445, 0.61222", pm, pp)
	}
	// They are roots of τp − (1+σ²)p² − η = 0 (ṗ = 0 on the parabola).
	for _, p := range []float64{pm, pp} {
		if r := p - 1.5*p*p - 0.05; math.Abs(r) > 1e-14 {
			t.Fatalf("residual %g at p=%g", r, p)
		}
	}
	if _, _, ok := ScalarFixedPoints(1, 0.2, 0.5); ok {
		t.Fatal("η = 0.2 > 1/6 must have no non-zero fixed point")
	}
	if c := CriticalWeightDecay(1, 0.5); math.Abs(c-1.0/6) > 1e-15 {
		t.Fatalf("critical η %g", c)
	}
}

func runScalar(p0, eta float64, steps int, dt float64) ScalarODE {
	o := ScalarODE{P: p0, S: p0 * p0, Tau: 1, Sigma2: 0.5, Eta: eta, AlphaP: 1, FixedTau: true}
	for i := 0; i < steps; i++ {
		o.Step(dt)
	}
	return o
}

func TestScalarDynamicsBasins(t *testing.T) {
	steps := 200000
	if testing.Short() {
		steps = 60000
	}
	pm, pp, _ := ScalarFixedPoints(1, 0.05, 0.5)
	// Just below p*₋ collapses.
	if o := runScalar(0.04, 0.05, steps, 0.01); o.P > 1e-6 || o.S > 1e-6 {
		t.Fatalf("p0=0.04 < p*₋=%.5f should collapse: p=%g s=%g", pm, o.P, o.S)
	}
	for _, p0 := range []float64{0.06, 0.07, 0.2, 1.0} {
		o := runScalar(p0, 0.05, steps, 0.01)
		if math.Abs(o.P-pp) > 1e-4 || math.Abs(o.S-pp*pp) > 1e-4 {
			t.Fatalf("p0=%g: p=%.6f s=%.6f; want p*₊=%.5f s=%.5f", p0, o.P, o.S, pp, pp*pp)
		}
		if math.Abs(o.S-o.P*o.P) > 1e-9 {
			t.Fatalf("p0=%g left the parabola: s−p² = %g", p0, o.S-o.P*o.P)
		}
	}
	// Above the critical weight decay everything collapses.
	if o := runScalar(1, 0.2, steps, 0.01); o.P > 1e-6 {
		t.Fatalf("η=0.2: p=%g, want collapse", o.P)
	}
}

func TestScalarNoWeightDecayConservesC(t *testing.T) {
	for _, c0 := range []float64{0.04, -0.15} {
		p0 := 0.5
		o := ScalarODE{P: p0, S: p0*p0 + c0, Tau: 1, Sigma2: 0.5, AlphaP: 1, FixedTau: true}
		for i := 0; i < 100000; i++ {
			o.Step(1e-3)
		}
		if c := o.S - o.P*o.P; math.Abs(c-c0) > 2e-3 {
			t.Fatalf("c drifted %g → %g", c0, c)
		}
		if math.Abs(o.P-1/1.5) > 1e-4 {
			t.Fatalf("p=%g, want τ/(1+σ²)=0.6667", o.P)
		}
	}
}

func TestScalarEMACurriculum(t *testing.T) {
	// τ(0) = 0 rises to 1 and p reaches p*₊ (0.6239 for η = 0.04).
	o := ScalarODE{P: 0.3, S: 0.3, Tau: 0, Sigma2: 0.5, Eta: 0.04, AlphaP: 1, Beta: 0.4}
	for i := 0; i < 200000; i++ {
		o.Step(0.01)
	}
	_, pp, _ := ScalarFixedPoints(1, 0.04, 0.5)
	if math.Abs(o.Tau-1) > 1e-6 || math.Abs(o.P-pp) > 1e-4 {
		t.Fatalf("τ=%g p=%g, want 1 and %g", o.Tau, o.P, pp)
	}
}

// matrixRun integrates the E2 setup: W 8×16, X = I, X′ = 0.5·I, EMA 0.996.
func matrixRun(t *testing.T, configure func(m *LinearModel), steps int) (*LinearModel, float64) {
	t.Helper()
	m := NewLinearModel(16, 8, 0.5, 0.5, NewRNG(11))
	m.Alpha, m.Eta, m.EtaP, m.Gamma = 0.01, 0.04, 0.04, 0.996
	configure(m)
	w0 := frob(m.W)
	for i := 0; i < steps; i++ {
		if err := m.Step(); err != nil {
			t.Fatal(err)
		}
	}
	return m, w0
}

func TestMatrixDynamicsLearnedPredictor(t *testing.T) {
	_, pp, _ := ScalarFixedPoints(1, 0.04, 0.5)
	for _, pred := range []TheoryPredictor{TheoryLearned, TheorySymmetric} {
		m, _ := matrixRun(t, func(m *LinearModel) { m.Pred = pred }, 20000)
		met, err := m.Metrics()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("pred %d: s=%.5f commutator %.2e asymmetry %.2e alignment %.5f", pred, met.S, met.Commutator, met.Asymmetry, met.Alignment)
		if met.Surviving != 8 {
			t.Fatalf("W_p(0)=0.5I should keep all 8 modes, got %d (%v)", met.Surviving, met.S)
		}
		for _, s := range met.S {
			if math.Abs(s-pp*pp) > 1e-3 {
				t.Fatalf("plateau s=%.5f, want p*₊² = %.5f", s, pp*pp)
			}
		}
		if met.Commutator > 1e-4 || met.Asymmetry > 1e-2 || met.Alignment < 0.999 {
			t.Fatalf("no alignment: commutator %g asymmetry %g alignment %g", met.Commutator, met.Asymmetry, met.Alignment)
		}
	}
	// From a random (asymmetric) W_p(0) the predictor becomes symmetric and
	// aligned with F; modes that start in the collapse basin die, the
	// surviving ones plateau at p*₊².
	m, _ := matrixRun(t, func(m *LinearModel) { m.Wp = randWp(8) }, 20000)
	met, err := m.Metrics()
	if err != nil {
		t.Fatal(err)
	}
	a0 := Asymmetry(randWp(8), 8)
	t.Logf("random W_p(0): s=%.5f commutator %.2e asymmetry %.2e (from %.2f) alignment %.5f", met.S, met.Commutator, met.Asymmetry, a0, met.Alignment)
	if met.Commutator > 1e-4 || met.Asymmetry > 1e-2 || a0 < 0.5 || met.Alignment < 0.999 {
		t.Fatalf("random W_p(0): commutator %g asymmetry %g alignment %g", met.Commutator, met.Asymmetry, met.Alignment)
	}
	if met.Surviving < 1 {
		t.Fatal("everything collapsed")
	}
	for _, s := range met.S[:met.Surviving] {
		if math.Abs(s-pp*pp) > 1e-3 {
			t.Fatalf("surviving mode s=%.5f, want %.5f", s, pp*pp)
		}
	}
}

func TestMatrixDynamicsCollapse(t *testing.T) {
	cases := []struct {
		name string
		conf func(m *LinearModel)
	}{
		{"no predictor", func(m *LinearModel) { m.Pred = TheoryNone }},
		{"no predictor, no EMA", func(m *LinearModel) { m.Pred = TheoryNone; m.NoEMA = true }},
		{"no stop-grad", func(m *LinearModel) { m.NoStopGrad = true }},
		{"η above critical", func(m *LinearModel) { m.Eta, m.EtaP = 0.2, 0.2 }},
	}
	for _, c := range cases {
		m, w0 := matrixRun(t, c.conf, 20000)
		if r := frob(m.W) / w0; r > 1e-6 {
			t.Fatalf("%s: ‖W‖/‖W(0)‖ = %g, want collapse < 1e-6", c.name, r)
		} else {
			t.Logf("%s: ‖W‖/‖W(0)‖ = %.3g", c.name, r)
		}
	}
}

func TestMatrixDynamicsNoWeightDecayNoAlignment(t *testing.T) {
	m, w0 := matrixRun(t, func(m *LinearModel) { m.Eta, m.EtaP = 0, 0; m.Wp = randWp(8) }, 20000)
	met, err := m.Metrics()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("η=0: s=%.3f commutator %.3g asymmetry %.3g", met.S, met.Commutator, met.Asymmetry)
	if met.Asymmetry < 0.1 {
		t.Fatalf("η = 0 should leave W_p asymmetric, asymmetry %g", met.Asymmetry)
	}
	if frob(m.W) < 0.1*w0 {
		t.Fatalf("η = 0 collapsed unexpectedly")
	}
}

func randWp(n int) []float64 {
	r := NewRNG(12)
	w := make([]float64, n*n)
	for i := range w {
		w[i] = r.Norm() / math.Sqrt(float64(n))
	}
	return w
}
