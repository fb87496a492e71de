package fuzz

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"github.com/directpred/directpred/internal/testutil"
	"github.com/directpred/directpred/kernels"
)

// onEveryISA runs f once per dispatch path this CPU can run.
func onEveryISA(t *testing.T, f func(t *testing.T)) {
	for _, name := range kernels.AvailableISAs() {
		restore, err := kernels.SetISAForTesting(name)
		if err != nil {
			t.Fatal(err)
		}
		f(t)
		restore()
	}
}

func isF32[T float32 | float64]() bool {
	var z T
	_, ok := any(z).(float32)
	return ok
}

func maxOf[T float32 | float64]() float64 {
	if isF32[T]() {
		return math.MaxFloat32
	}
	return math.MaxFloat64
}

// fuzzSyrk decodes uplo, transpose, n, k, paddings, alpha, beta and the
// entries of minimal guarded A and C, and checks the referenced triangle
// against the float64 reference with the inner-product bound, and that A,
// the other triangle and the padding are unchanged.
func fuzzSyrk[T float32 | float64](t *testing.T, data []byte, syrk func(blas.Uplo, blas.Transpose, int, int, T, []T, int, T, []T, int)) {
	r := &byteReader{b: data}
	ul := []blas.Uplo{blas.Lower, blas.Upper}[r.intn(2)]
	tA := []blas.Transpose{blas.NoTrans, blas.Trans}[r.intn(2)]
	n, k := r.intn(60), r.intn(40)
	ar, ac := n, k
	if tA == blas.Trans {
		ar, ac = k, n
	}
	lda, ldc := max(1, ac)+r.intn(3), max(1, n)+r.intn(3)
	alpha, beta := T(scalars[r.intn(len(scalars))]), T(scalars[r.intn(len(scalars))])
	a0 := make([]T, max(0, (ar-1)*lda+ac))
	c0 := make([]T, max(0, (n-1)*ldc+n))
	for i := range a0 {
		a0[i] = T(r.value())
	}
	for i := range c0 {
		c0[i] = T(r.value())
	}
	aT := tA == blas.Trans
	want, gauge := testutil.RefGemm(aT, !aT, n, n, k, alpha, a0, lda, a0, lda, beta, c0, ldc)
	onEveryISA(t, func(t *testing.T) {
		a := testutil.GuardedCopy(t, a0)
		c := testutil.GuardedCopy(t, c0)
		syrk(ul, tA, n, k, alpha, a, lda, beta, c, ldc)
		for i := range a {
			if math.Float64bits(float64(a[i])) != math.Float64bits(float64(a0[i])) {
				t.Fatalf("A[%d] changed", i)
			}
		}
		for i := 0; i < n; i++ {
			for j := 0; j < ldc && i*ldc+j < len(c); j++ {
				got := c[i*ldc+j]
				if j >= n || ul == blas.Lower && j > i || ul == blas.Upper && j < i {
					if math.Float64bits(float64(got)) != math.Float64bits(float64(c0[i*ldc+j])) {
						t.Fatalf("C[%d,%d] outside the triangle changed", i, j)
					}
					continue
				}
				w, g := want[i*n+j], gauge[i*n+j]
				if !math.IsNaN(w) && !math.IsInf(w, 0) && g > maxOf[T]()/float64(4*(k+2)) {
					continue // partial sums may overflow T
				}
				if !testutil.WithinBound(got, w, g, k, 2) {
					t.Fatalf("%c%c n=%d k=%d alpha=%v beta=%v: C[%d,%d] = %v, want %v (gauge %g)", ul, tA, n, k, alpha, beta, i, j, got, w, g)
				}
			}
		}
	})
}

func seedSyrk() [][]byte {
	var seeds [][]byte
	for _, tr := range [][2]byte{{0, 0}, {0, 1}, {1, 0}, {1, 1}} {
		for _, s := range [][2]byte{{1, 1}, {9, 5}, {25, 3}, {49, 17}, {0, 5}, {5, 0}} {
			d := []byte{tr[0], tr[1], s[0], s[1], 1, 2, 1, 3}
			for i := 0; i < 64; i++ {
				d = append(d, byte(i*41+7))
			}
			seeds = append(seeds, d)
		}
	}
	return seeds
}

func FuzzSsyrk(f *testing.F) {
	for _, s := range seedSyrk() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSyrk(t, data, kernels.Ssyrk) })
}

func FuzzDsyrk(f *testing.F) {
	for _, s := range seedSyrk() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSyrk(t, data, kernels.Dsyrk) })
}

// covRef returns the weighted mixture statistics of the batches: weights
// w_b, mean Σ w_b μ_b and covariance Σ w_b (C_b + (μ_b−μ)(μ_b−μ)ᵀ), each
// batch by two passes in float64.
func covRef(d int, batches [][]float64, w []float64) (mean, cov []float64) {
	mean = make([]float64, d)
	cov = make([]float64, d*d)
	mus := make([][]float64, len(batches))
	for bi, x := range batches {
		nb := len(x) / d
		mu := make([]float64, d)
		if w[bi] == 0 {
			mus[bi] = mu
			continue // weight zero: not read
		}
		for r := 0; r < nb; r++ {
			for j := 0; j < d; j++ {
				mu[j] += x[r*d+j]
			}
		}
		for j := range mu {
			mu[j] /= float64(nb)
			mean[j] += w[bi] * mu[j]
		}
		mus[bi] = mu
	}
	for bi, x := range batches {
		nb := len(x) / d
		if w[bi] == 0 {
			continue
		}
		for r := 0; r < nb; r++ {
			for i := 0; i < d; i++ {
				for j := 0; j < d; j++ {
					cov[i*d+j] += w[bi] / float64(nb) * (x[r*d+i] - mus[bi][i]) * (x[r*d+j] - mus[bi][j])
				}
			}
		}
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				cov[i*d+j] += w[bi] * (mus[bi][i] - mean[i]) * (mus[bi][j] - mean[j])
			}
		}
	}
	return mean, cov
}

// fuzzCov decodes the dimension, mode (equal weights, EMA with some ρ, or
// two accumulators merged), an offset and up to three batches (values
// including ±0, subnormals, ±Inf, NaN), adds them on guarded slices and
// checks mean and covariance against covRef. Entries that involve a
// feature with a non-finite value must be non-finite; the others must agree
// to 64·u·(N·m² + m·M) with m the largest centred value (plus 8·u·M, the
// reference's own centring error) and M the largest absolute value, and for
// float32 input (float32 products by default) to 128·2⁻²⁴·m² more.
func fuzzCov[T float32 | float64](t *testing.T, data []byte) {
	r := &byteReader{b: data}
	d := 1 + r.intn(24)
	mode := r.intn(3)
	rho := []float64{0, 0.5, 0.9, 1}[r.intn(4)]
	offset := []float64{0, 1e4, -300, 1e-3}[r.intn(4)]
	nbat := 1 + r.intn(3)
	var batches [][]T
	var ref [][]float64
	dirty := make([]bool, d)
	var total int
	for b := 0; b < nbat; b++ {
		rows := r.intn(12)
		if b == 0 {
			rows++ // the first batch defines the EMA
		}
		x := make([]T, rows*d)
		x64 := make([]float64, rows*d)
		for i := range x {
			x[i] = T(offset + r.value())
			x64[i] = float64(x[i])
		}
		total += rows
		batches = append(batches, x)
		if rows > 0 {
			ref = append(ref, x64)
		}
	}
	// Weights of the non-empty batches.
	w := make([]float64, len(ref))
	seen := 0
	for i := range ref {
		rows := len(ref[i]) / d
		var alpha float64
		switch {
		case i == 0:
			alpha = 1
		case mode == 1:
			alpha = 1 - rho
		default:
			alpha = float64(rows) / float64(seen+rows)
		}
		for j := 0; j < i; j++ {
			w[j] *= 1 - alpha
		}
		w[i] = alpha
		seen += rows
	}
	// Features with a non-finite value in a batch of positive weight (a
	// batch of weight zero is not read).
	for i, x := range ref {
		for j, v := range x {
			if w[i] > 0 && (math.IsNaN(v) || math.IsInf(v, 0)) {
				dirty[j%d] = true
			}
		}
	}
	wantMean, wantCov := covRef(d, ref, w)
	var m, mx float64
	for bi, x := range ref {
		for i, v := range x {
			if !dirty[i%d] && w[bi] > 0 {
				m = math.Max(m, math.Abs(v-wantMean[i%d]))
				mx = math.Max(mx, math.Abs(v))
			}
		}
	}
	// The float64 reference centres each batch with its own rounded mean,
	// so even constant data leaves it residuals of a few ulps of M: m is
	// at least that.
	m += 0x1p-50 * mx
	tol := 64 * 0x1p-53 * (float64(total)*m*m + m*mx)
	var z T
	if _, ok := any(z).(float32); ok {
		// Float32 products (the default for float32 input on the avx512
		// paths; a looser bound elsewhere). Each Add's sum over its k ≤ B+1
		// samples y_p (the batch centred on its mean μ_b, and the extra
		// row √(B(1−α))·δ) is off by at most (kb+g+1)·u·Σ_p |y_pi||y_pj|
		// with u = 2⁻²⁴, blocks of kb = 11 samples and groups of g = 4
		// blocks: kb+g+1 = 16 (kernels.Covariance's doc). The centred
		// values are at most 2m (μ_b lies in the hull of the batch) and
		// so is δ = μ_b − μ (both means lie in the hull of the data), so
		// Σ_p |y_pi||y_pj| ≤ B·4m² + B(1−α)·4m² ≤ 8·B·m², and the batch
		// enters C with weight α/B: at most α·16·u·8m². Later batches
		// scale it by their 1−α, so the errors of all batches weigh at
		// most Σ w_b = 1 (Merge combines the two accumulators' errors with
		// the same weights): 128·u·m². Float32 underflow (the batch is
		// scaled by 2^e with its largest finite centred value in [1/2, 1),
		// so 2^{2e} ≤ 16m²) adds at most 2^-150 per rounding in scaled
		// units: (kb+g+1)·k·2⁻¹⁵⁰·16m²·α/B ≤ 2⁻¹⁴¹·m² in all.
		tol += (128*0x1p-24 + 0x1p-141) * m * m
	}
	onEveryISA(t, func(t *testing.T) {
		var acc *kernels.Covariance[T]
		switch mode {
		case 1:
			acc = kernels.NewEMACovariance[T](d, rho)
			for _, x := range batches {
				acc.Add(testutil.GuardedCopy(t, x))
			}
		case 2:
			acc = kernels.NewCovariance[T](d)
			other := kernels.NewCovariance[T](d)
			acc.Add(testutil.GuardedCopy(t, batches[0]))
			for _, x := range batches[1:] {
				other.Add(testutil.GuardedCopy(t, x))
			}
			acc.Merge(other)
		default:
			acc = kernels.NewCovariance[T](d)
			for _, x := range batches {
				acc.Add(testutil.GuardedCopy(t, x))
			}
		}
		if acc.Count() != total {
			t.Fatalf("Count = %d, want %d", acc.Count(), total)
		}
		mean := acc.Mean(testutil.Guarded[float64](t, d))
		cov := acc.Covariance(testutil.Guarded[float64](t, d*d))
		for i := 0; i < d; i++ {
			if !dirty[i] && math.Abs(mean[i]-wantMean[i]) > 1e-13*(mx+1e-300) {
				t.Fatalf("mode %d: mean[%d] = %v, want %v", mode, i, mean[i], wantMean[i])
			}
			for j := 0; j < d; j++ {
				got := cov[i*d+j]
				if got != cov[j*d+i] && !(math.IsNaN(got) && math.IsNaN(cov[j*d+i])) {
					t.Fatalf("covariance not symmetric at %d,%d", i, j)
				}
				if dirty[i] || dirty[j] {
					if !math.IsNaN(got) && !math.IsInf(got, 0) {
						t.Fatalf("mode %d: C[%d,%d] = %v from non-finite data", mode, i, j, got)
					}
					continue
				}
				if !(math.Abs(got-wantCov[i*d+j]) <= tol) {
					t.Fatalf("mode %d d=%d N=%d: C[%d,%d] = %v, want %v (tol %g)", mode, d, total, i, j, got, wantCov[i*d+j], tol)
				}
			}
		}
	})
}

func seedCov() [][]byte {
	var seeds [][]byte
	for mode := byte(0); mode < 3; mode++ {
		for _, s := range [][3]byte{{0, 0, 0}, {7, 1, 1}, {23, 2, 2}, {15, 3, 1}} {
			d := []byte{s[0], mode, s[2], s[1], 2, 5, 7, 3}
			for i := 0; i < 200; i++ {
				d = append(d, byte(i*29+60))
			}
			seeds = append(seeds, d)
		}
	}
	return seeds
}

func FuzzCovariance(f *testing.F) {
	for _, s := range seedCov() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 0 && data[0]&0x80 != 0 {
			fuzzCov[float32](t, data[1:])
		} else {
			fuzzCov[float64](t, data)
		}
	})
}

// vecInput decodes n, two scalars and x, y.
func vecInput[T float32 | float64](r *byteReader) (a, b T, x, y []T) {
	n := r.intn(200)
	a, b = T(scalars[r.intn(len(scalars))]), T(scalars[r.intn(len(scalars))])
	x, y = make([]T, n), make([]T, n)
	for i := range x {
		x[i] = T(r.value())
	}
	for i := range y {
		y[i] = T(r.value())
	}
	return a, b, x, y
}

func seedVec() [][]byte {
	var seeds [][]byte
	for _, n := range []byte{0, 1, 3, 7, 15, 16, 17, 33, 64, 65, 130, 199} {
		d := []byte{n, 1, 4}
		for i := 0; i < 2*int(n); i++ {
			d = append(d, byte(i*53+9))
		}
		seeds = append(seeds, d)
	}
	return seeds
}

// fuzzVec checks dot, axpy, axpby and scal on guarded slices against the
// float64 reference with the inner-product bound (overflowing cases are
// skipped: they have no order-independent answer).
func fuzzVec[T float32 | float64](t *testing.T, data []byte, which int) {
	r := &byteReader{b: data}
	a, b, x0, y0 := vecInput[T](r)
	n := len(x0)
	onEveryISA(t, func(t *testing.T) {
		x, y := testutil.GuardedCopy(t, x0), testutil.GuardedCopy(t, y0)
		check := func(name string, got T, want, gauge float64, k int) {
			t.Helper()
			if !math.IsNaN(want) && !math.IsInf(want, 0) && gauge > maxOf[T]()/float64(4*(k+2)) {
				return
			}
			if !testutil.WithinBound(got, want, gauge, k, 2) {
				t.Fatalf("%s n=%d a=%v b=%v: got %v, want %v (gauge %g)", name, n, a, b, got, want, gauge)
			}
		}
		switch which {
		case 0:
			var got T
			if isF32[T]() {
				got = T(kernels.Sdot(any(x).([]float32), any(y).([]float32)))
			} else {
				got = T(kernels.Ddot(any(x).([]float64), any(y).([]float64)))
			}
			var w, g float64
			for i := range x0 {
				p := float64(x0[i]) * float64(y0[i])
				w += p
				g += math.Abs(p)
			}
			check("dot", got, w, g, n)
		case 1, 2, 3:
			switch xs := any(x).(type) {
			case []float32:
				ys := any(y).([]float32)
				switch which {
				case 1:
					kernels.Saxpy(float32(a), xs, ys)
				case 2:
					kernels.Saxpby(float32(a), xs, float32(b), ys)
				default:
					kernels.Sscal(float32(b), ys)
				}
			case []float64:
				ys := any(y).([]float64)
				switch which {
				case 1:
					kernels.Daxpy(float64(a), xs, ys)
				case 2:
					kernels.Daxpby(float64(a), xs, float64(b), ys)
				default:
					kernels.Dscal(float64(b), ys)
				}
			}
			for i := range y {
				p, q := float64(a)*float64(x0[i]), float64(y0[i])
				switch which {
				case 2:
					q *= float64(b)
				case 3:
					p, q = 0, float64(b)*q
				}
				check([]string{"", "axpy", "axpby", "scal"}[which], y[i], p+q, math.Abs(p)+math.Abs(q), 2)
			}
		}
	})
}

func fuzzVecBoth(f *testing.F, which int) {
	for _, s := range seedVec() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 0 && data[0]&0x80 != 0 {
			fuzzVec[float32](t, data[1:], which)
		} else {
			fuzzVec[float64](t, data, which)
		}
	})
}

func FuzzDot(f *testing.F)   { fuzzVecBoth(f, 0) }
func FuzzAxpy(f *testing.F)  { fuzzVecBoth(f, 1) }
func FuzzAxpby(f *testing.F) { fuzzVecBoth(f, 2) }
func FuzzScal(f *testing.F)  { fuzzVecBoth(f, 3) }

// FuzzNrm2 compares Dnrm2 with gonum's scaled algorithm and Snrm2 with a
// float64 sum, on data scaled towards overflow and underflow.
func FuzzNrm2(f *testing.F) {
	for _, s := range seedVec() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &byteReader{b: data}
		n := r.intn(200)
		scale := []float64{1, 1e300, 1e-300, 1e-160, 1e160}[r.intn(5)]
		x0 := make([]float64, n)
		xs0 := make([]float32, n)
		for i := range x0 {
			x0[i] = r.value() * scale
			xs0[i] = float32(r.value())
		}
		want := gonum.Implementation{}.Dnrm2(n, x0, 1)
		var ss float64
		for _, v := range xs0 {
			ss += float64(v) * float64(v)
		}
		wantS := math.Sqrt(ss)
		onEveryISA(t, func(t *testing.T) {
			got := kernels.Dnrm2(testutil.GuardedCopy(t, x0))
			if !(got == want || math.Abs(got-want) <= 1e-14*want || math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("Dnrm2 n=%d scale=%g: %v, want %v", n, scale, got, want)
			}
			gs := float64(kernels.Snrm2(testutil.GuardedCopy(t, xs0)))
			if !(gs == float64(float32(wantS)) || math.Abs(gs-wantS) <= 1e-7*wantS || math.IsNaN(gs) && math.IsNaN(wantS)) {
				t.Fatalf("Snrm2 n=%d: %v, want %v", n, gs, wantS)
			}
		})
	})
}

// FuzzEMA splits the input into up to four tensors and checks the fused
// update against θ̄ ← τ·θ̄ + (1−τ)·θ element by element.
func FuzzEMA(f *testing.F) {
	for _, s := range seedVec() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &byteReader{b: data}
		tau := []float64{0, 1, 0.5, 0.99, 0.996}[r.intn(5)]
		k := r.intn(5)
		var tg0, src [][]float32
		for i := 0; i < k; i++ {
			n := r.intn(70)
			a, b := make([]float32, n), make([]float32, n)
			for j := range a {
				a[j], b[j] = float32(r.value()), float32(r.value())
			}
			tg0, src = append(tg0, a), append(src, b)
		}
		onEveryISA(t, func(t *testing.T) {
			tg := make([][]float32, k)
			gs := make([][]float32, k)
			for i := range tg {
				tg[i] = testutil.GuardedCopy(t, tg0[i])
				gs[i] = testutil.GuardedCopy(t, src[i])
			}
			kernels.EMA(float32(tau), tg, gs)
			for i := range tg {
				for j, got := range tg[i] {
					p, q := float64(float32(tau))*float64(tg0[i][j]), float64(1-float32(tau))*float64(src[i][j])
					if !testutil.WithinBound(got, p+q, math.Abs(p)+math.Abs(q), 2, 2) {
						t.Fatalf("tau=%v tensor %d[%d] = %v, want %v", tau, i, j, got, p+q)
					}
				}
			}
		})
	})
}
