package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
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

// covModes returns the settings of SetFloat32Products to test for T: both
// for float32 input, the default for float64.
func covModes[T float]() []bool {
	var z T
	if _, ok := any(z).(float32); ok {
		return []bool{false, true}
	}
	return []bool{false}
}

// newCov returns NewCovariance[T](d) with float32 products set to f32.
func newCov[T float](d int, f32 bool) *Covariance[T] {
	c := NewCovariance[T](d)
	c.SetFloat32Products(f32)
	return c
}

func testCovOffset[T float](t *testing.T) {
	for _, f32 := range covModes[T]() {
		t.Run(fmt.Sprintf("float32products=%v", f32), func(t *testing.T) { testCovOffsetMode[T](t, f32) })
	}
}

func testCovOffsetMode[T float](t *testing.T, f32 bool) {
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
			acc := newCov[T](d, f32)
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
			one := newCov[T](d, f32)
			one.Add(all)
			if e := relErr(one.Covariance(nil), wantCov); !(e <= tol) {
				t.Errorf("d=%d: one-shot covariance relative error %g > %g", d, e, tol)
			}
			// Merge of two halves (uneven split).
			p, q := newCov[T](d, f32), newCov[T](d, f32)
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
	for _, f32 := range []bool{false, true} {
		t.Run(fmt.Sprintf("float32products=%v", f32), func(t *testing.T) {
			forEachISA(t, func(t *testing.T) { testCovEMA(t, f32, batches, rho, mean, want, wantF, covs) })
		})
	}
}

func testCovEMA(t *testing.T, f32 bool, batches [][]float32, rho float64, mean, want, wantF []float64, covs [][]float64) {
	d := len(mean)
	{
		acc := NewEMACovariance[float32](d, rho)
		acc.SetFloat32Products(f32)
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
			acc.SetFloat32Products(f32)
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
	}
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
				f32 := (d+b)%2 == 0 // both modes
				p.SetFloat32Products(f32)
				q.SetFloat32Products(f32)
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

// TestCovBlockBound checks that the block and group lengths keep the
// float32 products' bound (kb+g+1)·2⁻²⁴ within the 1e−6 that the float32
// accuracy tests demand (Covariance's doc comment).
func TestCovBlockBound(t *testing.T) {
	if n := covBlock + covGroup + 1; float64(n)*0x1p-24/(1-float64(n)*0x1p-24) > 1e-6 {
		t.Fatalf("covBlock = %d, covGroup = %d: bound γ_%d = %g > 1e-6", covBlock, covGroup, n, float64(n)*0x1p-24)
	}
}

// TestCovTile checks the float32 covariance tile kernel of each path that
// has one, and its Go twin, for block lengths kb and group lengths g,
// against a float64 reference with the bound of the float32 products
// ((kb+g+1)·u·Σ|a||b| with u = 2⁻²⁴, fewer blocks when k is short, plus float64
// rounding of the scaling), on guarded slices: nothing outside the rows'
// column ranges is written, and C is not read when beta = 0. The centring
// and moments kernels must match their twins bitwise.
func TestCovTile(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 31))
	const u = 0x1p-24
	forEachISA(t, func(t *testing.T) {
		impls := []*covF32Impl{&covF32Generic}
		if impl := covF32Of(cur); impl != nil {
			impls = append(impls, impl)
		}
		for _, impl := range impls {
			// The kernel and its twin do the same operations in the same
			// order; they may differ only where the twin's emulated fused
			// multiply-add rounds twice (rare), so a different blocking
			// or summation order shows up as many differing entries.
			var entries, differ int
			defer func() {
				if differ*1000 > entries {
					t.Errorf("%d of %d entries differ from the Go twin", differ, entries)
				} else {
					t.Logf("%d of %d entries differ from the Go twin", differ, entries)
				}
			}()
			for _, k := range []int{1, 5, 14, 15, 29, 257} {
				for _, kg := range [][2]int{{1, 1}, {14, 1}, {300, 1}, {1, 3}, {5, 2}, {13, 2}, {4, 3}, {11, 4}} {
					kb, g := kg[0], kg[1]
					const rs = 50 // the rows of a and b: 8 and 48 columns and a gap
					a := make([]float32, (k-1)*rs+covTileRows)
					b := make([]float32, (k-1)*rs+covTileCols)
					for i := range a {
						a[i] = float32(rnd.NormFloat64())
					}
					for i := range b {
						b[i] = float32(rnd.NormFloat64())
					}
					a, b = testutil.GuardedCopy(t, a), testutil.GuardedCopy(t, b)
					for trial := 0; trial < 12; trial++ {
						m := 1 + rnd.IntN(covTileRows)
						n := 1 + rnd.IntN(covTileCols)
						if trial < 3 {
							n = []int{16, 32, 48}[trial]
						}
						diag := []int{-3, 0, 1, 5, 30, 100}[rnd.IntN(6)]
						alpha, beta := 0.37, []float64{0, 0.7}[trial%2]
						const ldc = 53
						c := make([]float64, (m-1)*ldc+n)
						for i := range c {
							c[i] = rnd.NormFloat64()
							if beta == 0 {
								c[i] = math.NaN() // must not be read
							}
						}
						c0 := append([]float64(nil), c...)
						c = testutil.GuardedCopy(t, c)
						tile := make([]float64, covTileScratch)
						impl.tile(k, kb, g, a, b, rs, tile, alpha, beta, c, ldc, m, n, diag)
						twin := append([]float64(nil), c0...)
						covTileGeneric(k, kb, g, a, b, rs, tile, alpha, beta, twin, ldc, m, n, diag)
						for i, v := range twin {
							entries++
							if !sameBits([]float64{v}, c[i:i+1]) {
								differ++
							}
						}
						for i := 0; i < m; i++ {
							w := min(n, max(0, diag+i))
							for j := 0; j < n; j++ {
								got := c[i*ldc+j]
								if j >= w {
									if !sameBits(c0[i*ldc+j:i*ldc+j+1], []float64{got}) {
										t.Fatalf("k=%d m=%d n=%d diag=%d: C[%d,%d] outside the stored part changed", k, m, n, diag, i, j)
									}
									continue
								}
								var s, sa float64
								for p := 0; p < k; p++ {
									x, y := float64(a[p*rs+i]), float64(b[p*rs+j])
									s += x * y
									sa += math.Abs(x * y)
								}
								want := alpha * s
								if beta != 0 {
									want += beta * c0[i*ldc+j]
								}
								// Roundings on a product's path: its block's
								// (at most kb), the group's float32 adds (one
								// fewer than its blocks), two of the inputs.
								depth := min(kb, k) + min(g, (k+kb-1)/kb) - 1
								bound := float64(depth+2)*u*alpha*sa + 0x1p-50*(math.Abs(want)+alpha*sa)
								if !(math.Abs(got-want) <= bound) {
									t.Fatalf("k=%d kb=%d g=%d m=%d n=%d diag=%d beta=%g: C[%d,%d] = %v, want %v (bound %g)", k, kb, g, m, n, diag, beta, i, j, got, want, bound)
								}
							}
						}
					}
				}
			}
			// Centring and the moments, every length mod 8.
			for _, n := range []int{1, 7, 8, 9, 31, 47, 48, 49, 64, 65, 100, 128, 150, 200} {
				// Three rows of n columns, stride n+5.
				const rows = 3
				xs := make([]float32, (rows-1)*(n+5)+n)
				mu := make([]float64, n)
				for i := range xs {
					xs[i] = float32(1e4 + rnd.NormFloat64())
				}
				for i := range mu {
					mu[i] = 1e4 + 0.1*rnd.NormFloat64()
				}
				xs = testutil.GuardedCopy(t, xs)
				mu = testutil.GuardedCopy(t, mu)
				// Into 48-column panels of the rows, 3·48+2 apart.
				ps := rows*covTileCols + 2
				np := (n + covTileCols - 1) / covTileCols
				got, want := testutil.Guarded[float32](t, (rows-1)*covTileCols+(np-1)*ps+covTileCols), make([]float32, (rows-1)*covTileCols+(np-1)*ps+covTileCols)
				impl.centre(xs, rows, n+5, mu, 0x1p-3, got, ps)
				covCentreGeneric(xs, rows, n+5, mu, 0x1p-3, want, ps)
				for i := range want {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("n=%d: centre[%d] = %v, want %v", n, i, got[i], want[i])
					}
				}
				// The sums and extremes of b rows of n columns, stride
				// ld: a few NaNs, infinities and signed zeros test the
				// comparisons' operand order.
				for _, b := range []int{1, 2, 5, 70} {
					ld := n + 3
					x := make([]float32, (b-1)*ld+n)
					for i := range x {
						switch rnd.IntN(40) {
						case 0:
							x[i] = float32(math.NaN())
						case 1:
							x[i] = float32(math.Inf(1 - 2*rnd.IntN(2)))
						case 2:
							x[i] = float32(math.Copysign(0, float64(1-2*rnd.IntN(2))))
						default:
							x[i] = float32(1e4 + rnd.NormFloat64())
						}
					}
					x = testutil.GuardedCopy(t, x)
					x0 := testutil.GuardedCopy(t, mu[:n])
					acc, lo, hi := testutil.Guarded[float64](t, n), testutil.Guarded[float32](t, n), testutil.Guarded[float32](t, n)
					wacc, wlo, whi := make([]float64, n), make([]float32, n), make([]float32, n)
					impl.moments(x, b, ld, x0, acc, lo, hi)
					covMomentsGeneric(x, b, ld, x0, wacc, wlo, whi)
					for j := range n {
						// (A NaN sum's payload is not specified.)
						if (math.Float64bits(acc[j]) != math.Float64bits(wacc[j]) && !(math.IsNaN(acc[j]) && math.IsNaN(wacc[j]))) ||
							math.Float32bits(lo[j]) != math.Float32bits(wlo[j]) ||
							math.Float32bits(hi[j]) != math.Float32bits(whi[j]) {
							t.Fatalf("n=%d b=%d: moments[%d] = %v, %v, %v, want %v, %v, %v", n, b, j, acc[j], lo[j], hi[j], wacc[j], wlo[j], whi[j])
						}
					}
				}
			}
		}
	})
}

// TestCovarianceFloat32Bands checks that the float32 update gives the same
// bits whatever the band width of its tile order (every tile computed
// once: a missed tile keeps its old value, a repeated one is scaled
// twice), on 1 and 2 workers.
func TestCovarianceFloat32Bands(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 33))
	const b, d = 40, 299 // 7 column panels, 38 row panels
	x, y := offsetBatch[float32](rnd, b, d), offsetBatch[float32](rnd, b, d)
	defer func(v int) { covBandBytes = v }(covBandBytes)
	forEachISA(t, func(t *testing.T) {
		if covF32Of(cur) == nil {
			t.Skip("no float32 covariance kernels on this path")
		}
		var ref []float64
		for _, bb := range []int{1 << 30, 1, 2 * 4 * 48 * (b + 1), 3 * 4 * 48 * (b + 1)} {
			for _, procs := range []int{1, 2} {
				covBandBytes = bb
				prev := runtime.GOMAXPROCS(procs)
				acc := NewEMACovariance[float32](d, 0.5)
				acc.Add(x)
				acc.Add(y)
				runtime.GOMAXPROCS(prev)
				got := acc.Covariance(nil)
				if ref == nil {
					ref = got
				} else if !sameBits(ref, got) {
					t.Fatalf("band bytes %d, GOMAXPROCS=%d: a different result than one band", bb, procs)
				}
			}
		}
	})
}

// TestCovarianceFloat32Deterministic checks that the update with float32
// products is bitwise the same for any number of workers and allocates
// nothing in the steady state.
func TestCovarianceFloat32Deterministic(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 32))
	const b, d = 64, 301
	x, y := offsetBatch[float32](rnd, b, d), offsetBatch[float32](rnd, b, d)
	forEachISA(t, func(t *testing.T) {
		var ref []float64
		for _, procs := range []int{1, 2, 3} {
			prev := runtime.GOMAXPROCS(procs)
			acc := NewEMACovariance[float32](d, 0.5)
			acc.SetFloat32Products(true)
			acc.Add(x)
			acc.Add(y)
			allocs := testing.AllocsPerRun(5, func() { acc.Add(y) })
			runtime.GOMAXPROCS(prev)
			if allocs != 0 && !raceEnabled && testing.CoverMode() == "" {
				t.Errorf("GOMAXPROCS=%d: %v allocations per Add", procs, allocs)
			}
			got := acc.Covariance(nil)
			if ref == nil {
				ref = got
			} else if !sameBits(ref, got) {
				t.Fatalf("GOMAXPROCS=%d gives a different result than GOMAXPROCS=1", procs)
			}
		}
	})
}
