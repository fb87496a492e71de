package kernels

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/internal/testutil"
)

// offsetBatch returns b×d samples 1e4 + N(0, 1), with feature j scaled by
// 1 + j/d so that the covariance is not a multiple of the identity.
func offsetBatch[T float](rnd *rand.Rand, b, d int) []T {
	x := make([]T, b*d)
	for r := 0; r < b; r++ {
		for j := 0; j < d; j++ {
			x[r*d+j] = T(1e4 + (1+float64(j)/float64(d))*rnd.NormFloat64())
		}
	}
	return x
}

// twoPass returns the mean and the biased covariance (1/N)Σ(x−μ)(x−μ)ᵀ of
// the rows of the concatenated batches, in float64 with two passes.
func twoPass[T float](d int, batches ...[]T) (mean, cov []float64) {
	mean = make([]float64, d)
	cov = make([]float64, d*d)
	n := 0
	for _, x := range batches {
		for r := 0; r < len(x)/d; r++ {
			for j := 0; j < d; j++ {
				mean[j] += float64(x[r*d+j])
			}
			n++
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	cen := make([]float64, d)
	for _, x := range batches {
		for r := 0; r < len(x)/d; r++ {
			for j := 0; j < d; j++ {
				cen[j] = float64(x[r*d+j]) - mean[j]
			}
			for i := 0; i < d; i++ {
				ci := cov[i*d : i*d+d]
				for j, v := range cen {
					ci[j] += cen[i] * v
				}
			}
		}
	}
	for i := range cov {
		cov[i] /= float64(n)
	}
	return mean, cov
}

// relErr returns max|got−want| / max|want|.
func relErr(got, want []float64) float64 {
	var e, m float64
	for i, w := range want {
		e = math.Max(e, math.Abs(got[i]-w))
		m = math.Max(m, math.Abs(w))
	}
	if math.IsNaN(e) || len(got) != len(want) {
		return math.Inf(1)
	}
	return e / m
}

func covTol[T float]() float64 {
	var z T
	if _, ok := any(z).(float32); ok {
		return 1e-6
	}
	return 1e-12
}

func testCovOffset[T float](t *testing.T) {
	const b = 256
	tol := covTol[T]()
	for _, d := range []int{8, 33, 128, 512} {
		rnd := rand.New(rand.NewPCG(uint64(d), 21))
		nb := 3
		if d == 512 {
			nb = 2
		}
		batches := make([][]T, nb)
		var all []T
		for i := range batches {
			batches[i] = offsetBatch[T](rnd, b, d)
			all = append(all, batches[i]...)
		}
		wantMean, wantCov := twoPass(d, batches...)
		forEachISA(t, func(t *testing.T) {
			acc := NewCovariance[T](d)
			for _, x := range batches {
				acc.Add(x)
			}
			if acc.Count() != nb*b {
				t.Fatalf("d=%d: Count = %d, want %d", d, acc.Count(), nb*b)
			}
			if e := relErr(acc.Covariance(nil), wantCov); !(e <= tol) {
				t.Errorf("d=%d: streaming covariance relative error %g > %g", d, e, tol)
			} else {
				t.Logf("d=%d: streaming covariance relative error %.2g", d, e)
			}
			if e := relErr(acc.Mean(nil), wantMean); !(e <= 1e-14) {
				t.Errorf("d=%d: mean relative error %g", d, e)
			}
			// One-shot on the concatenation.
			one := NewCovariance[T](d)
			one.Add(all)
			if e := relErr(one.Covariance(nil), wantCov); !(e <= tol) {
				t.Errorf("d=%d: one-shot covariance relative error %g > %g", d, e, tol)
			}
			// Merge of two halves (uneven split).
			p, q := NewCovariance[T](d), NewCovariance[T](d)
			p.Add(batches[0])
			for _, x := range batches[1:] {
				q.Add(x)
			}
			p.Merge(q)
			if e := relErr(p.Covariance(nil), wantCov); !(e <= tol) {
				t.Errorf("d=%d: merged covariance relative error %g > %g", d, e, tol)
			}
			if p.Count() != nb*b {
				t.Errorf("d=%d: merged Count = %d", d, p.Count())
			}
			// Second moment and sample covariance follow from the same state.
			sm := acc.SecondMoment(nil)
			sc := acc.SampleCovariance(nil)
			n := float64(nb * b)
			for i := 0; i < d; i++ {
				for j := 0; j < d; j++ {
					w := wantCov[i*d+j] + wantMean[i]*wantMean[j]
					if math.Abs(sm[i*d+j]-w) > 1e-12*1e8 {
						t.Fatalf("d=%d: SecondMoment[%d,%d] = %v, want %v", d, i, j, sm[i*d+j], w)
					}
					if math.Abs(sc[i*d+j]-wantCov[i*d+j]*n/(n-1)) > 4*tol {
						t.Fatalf("d=%d: SampleCovariance[%d,%d] = %v", d, i, j, sc[i*d+j])
					}
					if sm[i*d+j] != sm[j*d+i] {
						t.Fatalf("d=%d: SecondMoment not symmetric at %d,%d", d, i, j)
					}
				}
			}
		})
	}
}

func TestCovarianceOffset32(t *testing.T) { testCovOffset[float32](t) }
func TestCovarianceOffset64(t *testing.T) { testCovOffset[float64](t) }

// TestCovarianceNaiveFails checks that the offset test can fail: the
// uncentred formula E[xxᵀ] − μμᵀ with a float32 Ssyrk misses the bound by
// orders of magnitude.
func TestCovarianceNaiveFails(t *testing.T) {
	const b, d = 256, 16
	rnd := rand.New(rand.NewPCG(1, 22))
	x := offsetBatch[float32](rnd, b, d)
	mean, want := twoPass(d, x)
	c := make([]float32, d*d)
	Ssyrk(blas.Lower, blas.Trans, d, b, 1/float32(b), x, d, 0, c, d)
	got := make([]float64, d*d)
	for i := 0; i < d; i++ {
		for j := 0; j <= i; j++ {
			v := float64(c[i*d+j]) - mean[i]*mean[j]
			got[i*d+j], got[j*d+i] = v, v
		}
	}
	if e := relErr(got, want); e < 1e-3 {
		t.Fatalf("naive covariance relative error %g: the offset test would not detect it", e)
	}
}

// TestCovarianceEMA checks the EMA mode against the mixture computed
// directly: weights w_b of the batches, F̂ = Σ w_b S_b, μ = Σ w_b μ_b and
// C = Σ w_b (C_b + (μ_b−μ)(μ_b−μ)ᵀ).
func TestCovarianceEMA(t *testing.T) {
	const b, d, nb = 64, 40, 4
	const rho = 0.9
	rnd := rand.New(rand.NewPCG(3, 23))
	batches := make([][]float32, nb)
	for i := range batches {
		batches[i] = offsetBatch[float32](rnd, b, d)
	}
	w := make([]float64, nb)
	w[0] = 1
	for i := 1; i < nb; i++ {
		for j := 0; j < i; j++ {
			w[j] *= rho
		}
		w[i] = 1 - rho
	}
	mean := make([]float64, d)
	mus := make([][]float64, nb)
	covs := make([][]float64, nb)
	for i, x := range batches {
		mus[i], covs[i] = twoPass(d, x)
		for j := range mean {
			mean[j] += w[i] * mus[i][j]
		}
	}
	want := make([]float64, d*d)
	wantF := make([]float64, d*d)
	for bi := range batches {
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				di, dj := mus[bi][i]-mean[i], mus[bi][j]-mean[j]
				want[i*d+j] += w[bi] * (covs[bi][i*d+j] + di*dj)
				wantF[i*d+j] += w[bi] * (covs[bi][i*d+j] + mus[bi][i]*mus[bi][j])
			}
		}
	}
	forEachISA(t, func(t *testing.T) {
		acc := NewEMACovariance[float32](d, rho)
		for _, x := range batches {
			acc.Add(x)
		}
		if e := relErr(acc.Covariance(nil), want); !(e <= 1e-6) {
			t.Errorf("EMA covariance relative error %g", e)
		}
		if e := relErr(acc.Mean(nil), mean); !(e <= 1e-14) {
			t.Errorf("EMA mean relative error %g", e)
		}
		if e := relErr(acc.SecondMoment(nil), wantF); !(e <= 1e-12) {
			t.Errorf("EMA second moment relative error %g", e)
		}
		// The first batch initialises; Reset starts over.
		acc.Reset()
		acc.Add(batches[2])
		if e := relErr(acc.Covariance(nil), covs[2]); !(e <= 1e-6) {
			t.Errorf("EMA first batch relative error %g", e)
		}
		// rho = 1 freezes the statistics after the first batch, rho = 0
		// keeps only the last batch.
		for _, r := range []float64{0, 1} {
			acc := NewEMACovariance[float32](d, r)
			acc.Add(batches[0])
			acc.Add(batches[1])
			ref := covs[1]
			if r == 1 {
				ref = covs[0]
			}
			if e := relErr(acc.Covariance(nil), ref); !(e <= 1e-6) {
				t.Errorf("rho=%g: relative error %g", r, e)
			}
		}
	})
}

// TestCovarianceSpecialValues checks that NaN and Inf propagate to the
// features they touch only, and empty accumulators and batches.
func TestCovarianceSpecialValues(t *testing.T) {
	const b, d = 10, 30
	forEachISA(t, func(t *testing.T) {
		acc := NewCovariance[float64](d)
		if m := acc.Mean(nil); m[0] != 0 {
			t.Fatal("empty accumulator mean not zero")
		}
		acc.Add(nil)
		if acc.Count() != 0 {
			t.Fatal("empty batch counted")
		}
		rnd := rand.New(rand.NewPCG(4, 24))
		x := offsetBatch[float64](rnd, b, d)
		x[3*d+5] = math.NaN()
		x[4*d+7] = math.Inf(1)
		acc.Add(x)
		acc.Add(offsetBatch[float64](rnd, b, d))
		c := acc.Covariance(nil)
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				v := c[i*d+j]
				bad := i == 5 || j == 5 || i == 7 || j == 7
				if bad == !math.IsNaN(v) && !(bad && math.IsInf(v, 0)) {
					t.Fatalf("C[%d,%d] = %v", i, j, v)
				}
			}
		}
	})
}

func TestCovariancePanics(t *testing.T) {
	c3 := NewCovariance[float32](3)
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"d0", func() { NewCovariance[float64](0) }, covBadDim},
		{"dneg", func() { NewEMACovariance[float64](-1, 0.5) }, covBadDim},
		{"rhoNaN", func() { NewEMACovariance[float64](3, math.NaN()) }, covBadRho},
		{"rho>1", func() { NewEMACovariance[float64](3, 1.5) }, covBadRho},
		{"ragged", func() { c3.Add(make([]float32, 7)) }, covRagged},
		{"mergeDim", func() { c3.Merge(NewCovariance[float32](4)) }, covDimMerge},
		{"mergeEMA", func() { c3.Merge(NewEMACovariance[float32](3, 0.5)) }, covEMAMerge},
		{"sampleEMA", func() { NewEMACovariance[float32](3, 0.5).SampleCovariance(nil) }, covEMASample},
		{"shortCov", func() { c3.Covariance(make([]float64, 8)) }, covShortDst},
		{"shortMean", func() { c3.Mean(make([]float64, 2)) }, covShortDst},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != tc.want {
					t.Errorf("panic = %v, want %q", r, tc.want)
				}
			}()
			tc.f()
		})
	}
}

// TestCovarianceGuarded adds batches held on guard pages (each ending at an
// inaccessible page) on every path, and checks that the result is bitwise
// the one from ordinary slices.
func TestCovarianceGuarded(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 25))
	forEachISA(t, func(t *testing.T) {
		for _, d := range []int{1, 7, 24, 33} {
			for _, b := range []int{1, 3, 17} {
				x := offsetBatch[float32](rnd, b, d)
				y := offsetBatch[float32](rnd, b+1, d)
				p, q := NewEMACovariance[float32](d, 0.7), NewEMACovariance[float32](d, 0.7)
				p.Add(x)
				p.Add(y)
				q.Add(testutil.GuardedCopy(t, x))
				q.Add(testutil.GuardedCopy(t, y))
				if !sameBits(p.Covariance(nil), q.Covariance(testutil.Guarded[float64](t, d*d))) ||
					!sameBits(p.Mean(nil), q.Mean(testutil.Guarded[float64](t, d))) {
					t.Fatalf("d=%d b=%d: guarded batches give a different result", d, b)
				}
			}
		}
	})
}
