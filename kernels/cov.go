package kernels

import "math"

// Panic messages of the covariance accumulator.
const (
	covBadDim    = "kernels: covariance dimension < 1"
	covBadRho    = "kernels: EMA decay rho not in [0, 1]"
	covRagged    = "kernels: batch length is not a multiple of the dimension"
	covDimMerge  = "kernels: merging covariance accumulators of different dimensions"
	covEMAMerge  = "kernels: Merge of an EMA covariance accumulator"
	covEMASample = "kernels: SampleCovariance of an EMA covariance accumulator"
	covShortDst  = "kernels: insufficient length of dst"
)

// Covariance accumulates the mean and the second moments of d-dimensional
// samples that arrive as row-major batches of B×d elements of type T
// (float32 or float64). All statistics are kept in float64.
//
// It has two modes. An accumulator from NewCovariance weighs every sample
// equally: after N samples, Mean is (1/N)·Σ f, Covariance is
// (1/N)·Σ (f−μ)(f−μ)ᵀ, SecondMoment is (1/N)·Σ f fᵀ (DirectPred's F̂) and
// SampleCovariance is (1/(N−1))·Σ (f−μ)(f−μ)ᵀ (what gonum's
// stat.CovarianceMatrix computes). An accumulator from NewEMACovariance keeps
// exponential moving averages instead: the first batch initialises the
// statistics to its own, and every later batch b updates
//
//	F̂ ← ρ·F̂ + (1−ρ)·(1/B)·Σ_b f fᵀ,   μ ← ρ·μ + (1−ρ)·μ_b
//
// and the covariance so that Covariance = SecondMoment − μμᵀ holds exactly in
// real arithmetic (the mixture-of-two-distributions identity).
//
// Numerics: the covariance is never formed as E[ffᵀ] − μμᵀ. Each batch is
// centred on its own float64 mean while it is packed for the SYRK
// micro-kernels (float32 is converted to float64 on the way), and batches are
// combined with Chan, Golub and LeVeque's update
//
//	C ← (1−α)·C + α·C_b + α(1−α)·δδᵀ,   δ = μ_b − μ,   μ ← μ + α·δ
//
// with α = B/(N+B) (equal weights) or 1−ρ (EMA). The update is a single SYRK
// pass over the lower triangle of C: β = 1−α scales C, the centred batch is
// the operand, and δ enters as one extra scaled row. The cost of Add is about
// d²·B flops (half a GEMM) on the float64 micro-kernels.
//
// Float32 products (the default for float32 input on the avx512 paths;
// SetFloat32Products(false) selects the float64 update above): the batch is
// centred on its float64 mean, scaled by a power of two 2^e so that
// its largest centred value lies in [1/2, 1) (no float32 overflow; products of
// features more than about 2⁶⁰ below the largest underflow float32's
// range and lose relative accuracy), and rounded to float32. The micro-kernel multiplies in float32 on
// the float32 register tile (8×48 on AVX-512) and sums the products with
// fused multiply-adds in float32 over blocks of kb = 11 consecutive
// samples; the sums of g = 4 consecutive blocks (a group) are added in
// float32 in block order (S = s₁, S ← S + s_b), each group's sum is
// converted to float64 and added to a float64 tile, and the tile is scaled
// into C (C ← β·C + α/(B·2^{2e})·tile) once.
// Error bound for the block and group lengths: a product's path to its
// group's float32 sum passes through at most kb roundings in its block
// (the first product included) and at most g − 1 float32 additions of
// block sums, so each product ends up multiplied by at most
// n = kb + g − 1 factors (1 + δ), |δ| ≤ u = 2⁻²⁴, and the group sum is off
// by at most γ_n·Σ|x_p y_p| (γ_n = n·u/(1 − n·u) ≈ n·u); rounding the
// centred values to float32 adds two more factors (2u + u² per product);
// the float64 sums of the groups and the scalings add O(k/(kb·g)·2⁻⁵³).
// Hence each entry of the batch's scaled sum Σ_p x_pi·x_pj is off by at
// most ≈ (kb + g + 1)·u·Σ_p |x_pi||x_pj| ≤ (kb + g + 1)·u·√(Σ x_pi² · Σ x_pj²)
// (Cauchy–Schwarz), i.e. by (kb + g + 1)·u·√(c_ii·c_jj)
// ≤ (kb + g + 1)·u·max_i c_ii relative to the batch's covariance. The
// offset test (rows 1e4 + N(0, 1), 1e−6 of the largest entry of a
// two-pass float64 reference) therefore holds by the bound itself when
// (kb + g + 1)·2⁻²⁴ ≤ 1e−6, i.e. kb + g ≤ 15: kb = 11, g = 4 gives
// 16·2⁻²⁴ = 9.5e−7 (γ₁₆ exceeds 16u by a factor 1 + 1e−6), and so would
// kb = 14, g = 1 (the same bound with a float64 conversion every 14
// samples instead of every 44: the conversions and the float64 tile's
// additions cost more than the float32 additions of the group). The extra
// row that carries (1−α)·B·δδᵀ is one more sample of the same sum and is
// covered by the same bound. (A random-sign analysis predicts errors near
// √(kb+g)·u, as measured; the bound is the worst case.)
//
// Getters write the full symmetric d×d matrix (both triangles) in row-major
// order, ready for an eigensolver. Before the first batch every statistic is
// zero. NaN and Inf in the data propagate through the statistics as IEEE
// arithmetic says.
//
// Memory: besides the d×d matrix, an accumulator keeps scratch for the
// largest batch seen, about 2·(B+1)·d float64s (the centred batch and its
// packed copy), or (B+1)·d float32s with float32 products.
//
// A Covariance is not safe for concurrent use; Add itself runs on the
// package's workers like Dsyrk.
type Covariance[T float] struct {
	d    int
	ema  bool
	rho  float64
	n    int // samples seen
	mean []float64
	cov  []float64 // d×d; the lower triangle holds the biased covariance
	mub  []float64 // scratch: batch mean
	dlt  []float64 // scratch: the extra row √(B(1−α))·δ
	xc   []float64 // scratch: the centred batch and the extra row, k×d
	pa   []float64 // scratch: Xcᵀ packed as A panels
	pb   []float64 // scratch: Xc packed as B panels (full-tile kernels only)
	f32  covF32State
	f64p bool // float32 input: float64 products (SetFloat32Products(false))
}

// NewCovariance returns an empty accumulator of d-dimensional samples with
// equal weights. It panics if d < 1.
func NewCovariance[T float](d int) *Covariance[T] {
	if d < 1 {
		panic(covBadDim)
	}
	return &Covariance[T]{
		d:    d,
		mean: make([]float64, d),
		cov:  make([]float64, d*d),
		mub:  make([]float64, d),
		dlt:  make([]float64, d),
	}
}

// NewEMACovariance returns an empty exponential-moving-average accumulator
// with decay rho: each batch after the first has weight 1−rho. It panics if
// d < 1 or rho is not in [0, 1] (NaN included).
func NewEMACovariance[T float](d int, rho float64) *Covariance[T] {
	if !(rho >= 0 && rho <= 1) {
		panic(covBadRho)
	}
	c := NewCovariance[T](d)
	c.ema, c.rho = true, rho
	return c
}

// SetFloat32Products chooses, for float32 input, between float32 products
// summed in float32 over groups of 4 blocks of 11 samples, each group's
// sums accumulated in float64 (the default), and the float64 update (float64
// products: the accuracy of a float64 computation on the float32 data). On
// the avx512 paths the float32 products run at Ssyrk's speed instead of
// Dsyrk's: the EMA update of a 256×d batch takes 0.53–0.60 of the float64
// update's time at d = 256…2048 (one thread). They cost accuracy: each entry of a
// batch's covariance may be off by up to 16·2⁻²⁴·√(c_ii·c_jj)
// ≈ 9.5e−7·√(c_ii·c_jj) (measured: 1e−8 to 3e−8 of the largest entry on
// the offset test's data), see "Float32 products" above; the float32
// accuracy tests (1e−6 of the largest entry) hold by that bound. Callers
// that need float64 accuracy from float32 data set false. On other paths,
// and for float64 input, it changes nothing. It can be switched between
// batches.
func (c *Covariance[T]) SetFloat32Products(on bool) { c.f64p = !on }

// Dim returns the dimension d.
func (c *Covariance[T]) Dim() int { return c.d }

// Count returns the number of samples added (in EMA mode too).
func (c *Covariance[T]) Count() int { return c.n }

// Reset empties the accumulator, keeping its dimension, mode and memory.
func (c *Covariance[T]) Reset() {
	c.n = 0
	clear(c.mean)
	clear(c.cov)
}

// Add adds a batch of len(x)/d samples stored row-major with row length d
// (B×d elements). An empty batch changes nothing. It panics if len(x) is not
// a multiple of d.
func (c *Covariance[T]) Add(x []T) {
	d := c.d
	if len(x)%d != 0 {
		panic(covRagged)
	}
	b := len(x) / d
	if b == 0 {
		return
	}
	alpha := 1.0
	if c.n > 0 {
		if c.ema {
			alpha = 1 - c.rho
		} else {
			alpha = float64(b) / float64(c.n+b)
		}
	}
	if alpha == 0 {
		// rho = 1: a batch of weight zero is not read (like beta = 0 in
		// BLAS), so not even its NaNs reach the statistics.
		c.n += b
		return
	}
	// Batch mean in float64, shifted by the first row so that a large
	// common offset does not cost precision: μ_b = x₀ + (1/B)·Σ(x_r − x₀).
	v := vecOf[T]()
	mub, x0 := c.mub, c.dlt
	for j, xj := range x[:d] {
		x0[j] = float64(xj)
		if math.IsInf(x0[j], 0) {
			x0[j] = 0 // keep an infinite mean infinite, not Inf − Inf
		}
	}
	// The float32 update also needs each feature's smallest and largest
	// value (for its scaling): its kernel sums the batch and finds them in
	// one pass, the sums in the same order as accsub.
	var f32 *covF32Impl
	xf, isF32 := any(x).([]float32)
	if isF32 && !c.f64p {
		f32 = covF32Of(cur)
	}
	if f32 != nil {
		c.f32.moments(f32, xf, b, d, x0, mub)
	} else {
		clear(mub)
		for r := 1; r < b; r++ {
			v.accsub(x[r*d:r*d+d], x0, mub)
		}
	}
	inv := 1 / float64(b)
	for j := range mub {
		mub[j] = x0[j] + mub[j]*inv
	}

	var extra []float64
	if alpha < 1 {
		// δ = μ_b − μ; μ ← μ + αδ; the extra row carries (1−α)·B·δδᵀ.
		s := math.Sqrt(float64(b) * (1 - alpha))
		for j := range mub {
			dl := mub[j] - c.mean[j]
			c.mean[j] += alpha * dl
			c.dlt[j] = s * dl
		}
		extra = c.dlt
	} else {
		copy(c.mean, mub)
	}
	c.n += b

	if f32 != nil {
		c.f32.add(f32, c.cov, d, xf, b, mub, extra, alpha)
		return
	}

	// Centre the batch, converting to float64, into the row-major k×d
	// scratch Xc (the extra row last) and pack it as MR-row panels of
	// Z = Xcᵀ on the way; the SYRK driver reads Zᵀ = Xc in place (or from
	// NR-column panels for a full-tile kernel). K is one block, so C is
	// swept once.
	k := b
	if extra != nil {
		k++
	}
	g := &cur.d
	mr, nr := g.mr, g.nr
	if len(c.xc) < k*d {
		c.xc = alignedSlice[float64](k * d)
	}
	na := roundUp(d, mr) * k
	if len(c.pa) < na {
		c.pa = alignedSlice[float64](na)
	}
	xc, pa := c.xc[:k*d], c.pa[:na]
	var pb []float64
	if !g.partial {
		nb := roundUp(d, nr) * k
		if len(c.pb) < nb {
			c.pb = alignedSlice[float64](nb)
		}
		pb = c.pb[:nb]
	}
	fused := v.centrePanels != nil && mr == 8
	for r := 0; r < k; r++ {
		row := xc[r*d : r*d+d]
		switch {
		case r == b:
			copy(row, extra)
			scatterPanels(pa, row, mr, k, r)
		case fused:
			v.centrePanels(x[r*d:r*d+d], mub, row, pa[r*mr:], mr*k)
		default:
			v.centre(x[r*d:r*d+d], mub, row)
			scatterPanels(pa, row, mr, k, r)
		}
		if pb != nil {
			scatterPanels(pb, row, nr, k, r)
		}
	}
	p := syrkProblem[float64]{
		n: d, k: k, alpha: alpha / float64(b), beta: 1 - alpha,
		c: c.cov, ldc: d, preA: pa, preB: pb,
	}
	if pb == nil {
		p.bIn, p.ldb = xc, d
	}
	p.run(g)
}

// scatterPanels writes row r of a k-row matrix (d columns) into w-wide
// panels: dst[(j/w)·w·k + r·w + j%w] = row[j], zero past d.
func scatterPanels(dst, row []float64, w, k, r int) {
	j0 := 0
	for ; j0+w <= len(row); j0 += w {
		out := dst[j0*k+r*w : j0*k+r*w+w]
		src := row[j0 : j0+len(out)]
		for i, v := range src {
			out[i] = v // a loop: a memmove call costs more for a few words
		}
	}
	if j0 < len(row) {
		out := dst[j0*k+r*w : j0*k+r*w+w]
		n := copy(out, row[j0:])
		clear(out[n:])
	}
}

// Merge adds the samples of o to c (Chan et al.'s pairwise update); o is
// unchanged. It panics if the dimensions differ or either accumulator is an
// EMA.
func (c *Covariance[T]) Merge(o *Covariance[T]) {
	if c.d != o.d {
		panic(covDimMerge)
	}
	if c.ema || o.ema {
		panic(covEMAMerge)
	}
	if o.n == 0 {
		return
	}
	if c.n == 0 {
		c.n = o.n
		copy(c.mean, o.mean)
		copy(c.cov, o.cov)
		return
	}
	alpha := float64(o.n) / float64(c.n+o.n)
	dl := c.mub
	for j := range dl {
		dl[j] = o.mean[j] - c.mean[j]
		c.mean[j] += alpha * dl[j]
	}
	w := alpha * (1 - alpha)
	for i := 0; i < c.d; i++ {
		ci := c.cov[i*c.d : i*c.d+i+1]
		oi := o.cov[i*c.d : i*c.d+i+1]
		wi := w * dl[i]
		for j := range ci {
			ci[j] = (1-alpha)*ci[j] + alpha*oi[j] + wi*dl[j]
		}
	}
	c.n += o.n
}

// Mean writes the mean to dst (length ≥ d; nil allocates) and returns it.
func (c *Covariance[T]) Mean(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, c.d)
	}
	if len(dst) < c.d {
		panic(covShortDst)
	}
	copy(dst, c.mean)
	return dst[:c.d]
}

// Covariance writes the centred covariance (1/N)·Σ(f−μ)(f−μ)ᵀ (EMA mode:
// its moving average) as a full symmetric d×d row-major matrix to dst
// (length ≥ d²; nil allocates) and returns it.
func (c *Covariance[T]) Covariance(dst []float64) []float64 {
	return c.out(dst, 1, false)
}

// SampleCovariance writes the unbiased sample covariance
// (1/(N−1))·Σ(f−μ)(f−μ)ᵀ like Covariance. It panics in EMA mode.
func (c *Covariance[T]) SampleCovariance(dst []float64) []float64 {
	if c.ema {
		panic(covEMASample)
	}
	return c.out(dst, float64(c.n)/float64(c.n-1), false)
}

// SecondMoment writes the uncentred second moment (1/N)·Σ f fᵀ (EMA mode:
// its moving average F̂) like Covariance.
func (c *Covariance[T]) SecondMoment(dst []float64) []float64 {
	return c.out(dst, 1, true)
}

// out writes scale·C (+ μμᵀ when uncentred) to both triangles of dst.
func (c *Covariance[T]) out(dst []float64, scale float64, uncentred bool) []float64 {
	d := c.d
	if dst == nil {
		dst = make([]float64, d*d)
	}
	if len(dst) < d*d {
		panic(covShortDst)
	}
	for i := 0; i < d; i++ {
		src := c.cov[i*d : i*d+i+1]
		row := dst[i*d : i*d+i+1]
		if uncentred {
			mi := c.mean[i]
			for j, v := range src {
				row[j] = v + mi*c.mean[j]
			}
		} else if scale == 1 {
			copy(row, src)
		} else {
			for j, v := range src {
				row[j] = scale * v
			}
		}
	}
	mirrorLower(dst, d)
	return dst[:d*d]
}

// mirrorLower copies the strict lower triangle of the d×d matrix a to its
// upper triangle, in cache blocks.
func mirrorLower(a []float64, d int) {
	const bs = 32
	for i0 := 0; i0 < d; i0 += bs {
		for j0 := 0; j0 <= i0; j0 += bs {
			for i := i0; i < min(d, i0+bs); i++ {
				for j := j0; j < min(i, j0+bs); j++ {
					a[j*d+i] = a[i*d+j]
				}
			}
		}
	}
}
