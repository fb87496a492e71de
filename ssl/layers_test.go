package ssl

import (
	"math"
	"testing"
)

func randSlice(rng *RNG, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.Norm()
	}
	return x
}

func dot64(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// checkGrad compares an analytic gradient with central differences of f.
func checkGrad(t *testing.T, name string, x, grad []float64, f func() float64, tol float64) {
	t.Helper()
	const h = 1e-6
	var worst float64
	for i := range x {
		old := x[i]
		x[i] = old + h
		fp := f()
		x[i] = old - h
		fm := f()
		x[i] = old
		num := (fp - fm) / (2 * h)
		err := math.Abs(num-grad[i]) / math.Max(1, math.Abs(num))
		worst = math.Max(worst, err)
		if err > tol {
			t.Fatalf("%s[%d]: analytic %.10g numeric %.10g (err %.3g)", name, i, grad[i], num, err)
		}
	}
	t.Logf("%s: %d entries, worst rel err %.2e", name, len(x), worst)
}

func TestNetGradientsFiniteDifference(t *testing.T) {
	for _, train := range []bool{true, false} {
		for _, affine := range []bool{true, false} {
			rng := NewRNG(1)
			spec := NetSpec{Backbone: []int{5, 7}, Projector: []int{7, 6, 4}, Bias: true, BNAffine: affine}
			net, err := NewNet[float64](spec, rng)
			if err != nil {
				t.Fatal(err)
			}
			// Non-trivial running statistics for evaluation mode.
			for _, b := range net.Buffers() {
				for i := range b {
					b[i] = 0.5 + rng.Float64()
				}
			}
			if affine {
				for _, p := range net.Params() {
					for i := range p.Data {
						p.Data[i] += 0.3 * rng.Norm()
					}
				}
			}
			const rows, groups = 8, 2
			x := randSlice(rng, rows*5)
			r := randSlice(rng, rows*4)
			saved := make([][]float64, 0)
			for _, b := range net.Buffers() {
				saved = append(saved, append([]float64(nil), b...))
			}
			restore := func() {
				for i, b := range net.Buffers() {
					copy(b, saved[i])
				}
			}
			f := func() float64 {
				restore()
				return dot64(net.Forward(x, rows, groups, train), r)
			}
			f()
			dx := append([]float64(nil), net.Backward(r, true)...)
			grads := map[*Param[float64]][]float64{}
			for _, p := range net.Params() {
				grads[p] = append([]float64(nil), p.Grad...)
			}
			checkGrad(t, "x", x, dx, f, 1e-6)
			for _, p := range net.Params() {
				checkGrad(t, p.Name, p.Data, grads[p], f, 1e-6)
			}
		}
	}
}

func TestLossGradientsFiniteDifference(t *testing.T) {
	for _, kind := range []LossKind{LossCosine, LossSquared} {
		rng := NewRNG(2)
		const b, d = 3, 5
		p := randSlice(rng, 2*b*d)
		z := randSlice(rng, 2*b*d)
		dp := make([]float64, len(p))
		dz := make([]float64, len(z))
		SymmetricLoss(kind, p, z, b, d, dp, dz)
		scratch1, scratch2 := make([]float64, len(p)), make([]float64, len(z))
		f := func() float64 { return SymmetricLoss(kind, p, z, b, d, scratch1, scratch2) }
		checkGrad(t, kind.String()+"/p", p, dp, f, 1e-7)
		checkGrad(t, kind.String()+"/z", z, dz, f, 1e-7)
	}
}

func TestCosineLossValues(t *testing.T) {
	// Identical directions give 0, opposite give 4 per term (two terms).
	p := []float64{1, 2, 3, -1, 0, 2}
	z := []float64{-2, 0, 4, 2, 4, 6}
	dp := make([]float64, 6)
	if l := SymmetricLoss(LossCosine, p, z, 1, 3, dp, nil); math.Abs(l) > 1e-12 {
		t.Fatalf("aligned pairs: loss %g, want 0", l)
	}
	z2 := []float64{1, 0, -2, -2, -4, -6}
	if l := SymmetricLoss(LossCosine, p, z2, 1, 3, dp, nil); math.Abs(l-8) > 1e-12 {
		t.Fatalf("opposite pairs: loss %g, want 8", l)
	}
}

func TestFloat32MatchesFloat64(t *testing.T) {
	spec := NetSpec{Backbone: []int{9, 16}, Projector: []int{16, 12, 6}, Bias: true, BNAffine: true}
	n32, _ := NewNet[float32](spec, NewRNG(3))
	n64, _ := NewNet[float64](spec, NewRNG(3))
	rng := NewRNG(4)
	x64 := randSlice(rng, 10*9)
	x32 := make([]float32, len(x64))
	for i, v := range x64 {
		x64[i] = float64(float32(v))
		x32[i] = float32(v)
	}
	y32 := n32.Forward(x32, 10, 2, true)
	y64 := n64.Forward(x64, 10, 2, true)
	for i := range y64 {
		if math.Abs(float64(y32[i])-y64[i]) > 1e-4*(1+math.Abs(y64[i])) {
			t.Fatalf("y[%d]: float32 %g float64 %g", i, y32[i], y64[i])
		}
	}
	dy := randSlice(rng, len(y64))
	dy32 := make([]float32, len(dy))
	for i, v := range dy {
		dy32[i] = float32(v)
	}
	g32 := n32.Backward(dy32, true)
	g64 := n64.Backward(dy, true)
	for i := range g64 {
		if math.Abs(float64(g32[i])-g64[i]) > 1e-3*(1+math.Abs(g64[i])) {
			t.Fatalf("dx[%d]: float32 %g float64 %g", i, g32[i], g64[i])
		}
	}
}

func TestDefaultInitBounds(t *testing.T) {
	l := NewLinear[float32]("l", 400, 300, true, NewRNG(5))
	bound := 1 / math.Sqrt(400)
	var s, s2 float64
	for _, v := range l.W.Data {
		if math.Abs(float64(v)) > bound {
			t.Fatalf("weight %g outside ±%g", v, bound)
		}
		s += float64(v)
		s2 += float64(v) * float64(v)
	}
	n := float64(len(l.W.Data))
	// Uniform(−b, b): mean 0, variance b²/3.
	if m := s / n; math.Abs(m) > 0.01*bound {
		t.Fatalf("weight mean %g", m)
	}
	if v := s2 / n; math.Abs(v-bound*bound/3) > 0.02*bound*bound {
		t.Fatalf("weight variance %g, want %g", v, bound*bound/3)
	}
}

func TestBatchNormStatistics(t *testing.T) {
	bn := NewBatchNorm1d[float64]("bn", 3, false)
	x := []float64{1, 2, 3, 3, 6, 9, 100, 0, 0, 102, 0, 4}
	y := bn.Forward(x, 4, 2, true)
	// Group 1 rows {1,2,3},{3,6,9}: feature 0 mean 2 var 1 → ±1/sqrt(1+eps).
	want := 1 / math.Sqrt(1+1e-5)
	if math.Abs(y[0]+want) > 1e-12 || math.Abs(y[3]-want) > 1e-12 {
		t.Fatalf("group-1 normalisation: %v", y[:6])
	}
	if math.Abs(y[6]+want) > 1e-12 || math.Abs(y[9]-want) > 1e-12 {
		t.Fatalf("group-2 normalisation: %v", y[6:])
	}
	// Running mean after two groups with momentum 0.1: 0.9·(0.9·0+0.1·2)+0.1·101.
	if got := bn.RunMean[0]; math.Abs(got-(0.9*0.2+10.1)) > 1e-12 {
		t.Fatalf("running mean %g", got)
	}
	// Unbiased variance of {1,3} is 2.
	if got := bn.RunVar[0]; math.Abs(got-(0.9*(0.9*1+0.1*2)+0.1*2)) > 1e-12 {
		t.Fatalf("running var %g", got)
	}
}

func TestReLUBranchless(t *testing.T) {
	x := []float32{-2, -0.0, 0, 1e-30, 3, float32(math.Inf(-1)), float32(math.Inf(1)), -1e-40}
	want := []float32{0, 0, 0, 1e-30, 3, 0, float32(math.Inf(1)), 0}
	r := NewReLU[float32](len(x))
	y := r.Forward(x, 1, 1, true)
	for i := range x {
		if y[i] != want[i] || math.Signbit(float64(y[i])) {
			t.Fatalf("relu(%g) = %g, want %g", x[i], y[i], want[i])
		}
	}
	dy := []float32{1, 2, 3, 4, 5, 6, 7, 8}
	dx := r.Backward(dy, true)
	wantDx := []float32{0, 0, 0, 4, 5, 0, 7, 0}
	for i := range dx {
		if dx[i] != wantDx[i] {
			t.Fatalf("relu' at %g: %g, want %g", x[i], dx[i], wantDx[i])
		}
	}
	x64 := []float64{-1, 0, 2, math.Copysign(0, -1)}
	r64 := NewReLU[float64](4)
	y64 := r64.Forward(x64, 1, 1, true)
	if y64[0] != 0 || y64[1] != 0 || y64[2] != 2 || math.Signbit(y64[3]) {
		t.Fatalf("float64 relu: %v", y64)
	}
}

func TestBatchNormNoGradSameOutput(t *testing.T) {
	for _, affine := range []bool{true, false} {
		a := NewBatchNorm1d[float32]("a", 70, affine)
		b := NewBatchNorm1d[float32]("b", 70, affine)
		b.NoGrad = true
		if affine {
			r := NewRNG(8)
			for i := range a.Gamma.Data {
				a.Gamma.Data[i] = float32(r.Norm())
				a.Beta.Data[i] = float32(r.Norm())
			}
			copy(b.Gamma.Data, a.Gamma.Data)
			copy(b.Beta.Data, a.Beta.Data)
		}
		x := make([]float32, 12*70)
		r := NewRNG(9)
		for i := range x {
			x[i] = float32(3 + r.Norm())
		}
		for _, train := range []bool{true, false} {
			ya := append([]float32(nil), a.Forward(x, 12, 2, train)...)
			yb := b.Forward(x, 12, 2, train)
			if !equal32(ya, yb) {
				t.Fatalf("affine=%v train=%v: NoGrad changes the output", affine, train)
			}
		}
	}
}

// TestBatchNormFusedReLU checks that the fused BatchNorm1d+ReLU layer gives
// exactly the bits of BatchNorm1d followed by ReLU: outputs, running
// statistics, parameter gradients and input gradients, in training (two
// groups) and evaluation, with and without affine parameters and NoGrad,
// and with features split across workers.
func TestBatchNormFusedReLU(t *testing.T) {
	const rows, n = 12, 300 // n > 2·bnGrain: several feature ranges
	for _, affine := range []bool{true, false} {
		for _, noGrad := range []bool{false, true} {
			sep := NewBatchNorm1d[float32]("a", n, affine)
			act := NewReLU[float32](n)
			fused := newBatchNormReLU[float32]("b", n, affine)
			sep.NoGrad, fused.NoGrad = noGrad, noGrad
			r := NewRNG(10)
			if affine {
				for i := range sep.Gamma.Data {
					sep.Gamma.Data[i] = float32(r.Norm())
					sep.Beta.Data[i] = float32(r.Norm())
				}
				copy(fused.Gamma.Data, sep.Gamma.Data)
				copy(fused.Beta.Data, sep.Beta.Data)
			}
			x := make([]float32, rows*n)
			dy := make([]float32, rows*n)
			for i := range x {
				x[i] = float32(0.5 + r.Norm())
				dy[i] = float32(r.Norm())
			}
			for _, train := range []bool{true, false} {
				want := append([]float32(nil), act.Forward(sep.Forward(x, rows, 2, train), rows, 2, train)...)
				got := fused.Forward(x, rows, 2, train)
				if !equal32(want, got) {
					t.Fatalf("affine=%v noGrad=%v train=%v: outputs differ", affine, noGrad, train)
				}
				if !equal32(sep.RunMean, fused.RunMean) || !equal32(sep.RunVar, fused.RunVar) {
					t.Fatalf("affine=%v noGrad=%v train=%v: running statistics differ", affine, noGrad, train)
				}
				if noGrad {
					continue
				}
				wantDx := append([]float32(nil), sep.Backward(act.Backward(dy, true), true)...)
				gotDx := fused.Backward(dy, true)
				if !equal32(wantDx, gotDx) {
					t.Fatalf("affine=%v train=%v: input gradients differ", affine, train)
				}
				if affine && (!equal32(sep.Gamma.Grad, fused.Gamma.Grad) || !equal32(sep.Beta.Grad, fused.Beta.Grad)) {
					t.Fatalf("affine=%v train=%v: parameter gradients differ", affine, train)
				}
			}
		}
	}
}
