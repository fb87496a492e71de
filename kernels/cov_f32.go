package kernels

import (
	"math"
	"sort"
)

// The float32 covariance update (see Covariance): the batch, centred and
// scaled in float64 and rounded to float32, is multiplied in float32 on the
// float32 register tile, and the products are summed in float32 over blocks
// of covBlock samples, the sums of covGroup consecutive blocks added in
// float32; each group's sums are added to float64 accumulators. The
// arithmetic runs at Ssyrk's speed; the accuracy is that of the float64
// update to within (covBlock+covGroup+1)·u·√(c_ii·c_jj) per entry (the
// bound is derived in Covariance's doc comment).

// covBlock is the block length kb and covGroup the group length g: the
// blocks' products are summed with kb fused multiply-adds and g block sums
// with g−1 float32 additions, at most kb+g−1 roundings per product, and
// (kb+g+1)·2⁻²⁴ = 16·2⁻²⁴ ≈ 9.5e−7 ≤ 1e−6. (Among kb + g = 15, g = 3 and 4
// measured alike and faster than g = 1, 2; see Covariance.)
const (
	covBlock = 11
	covGroup = 4
)

// covTileRows and covTileCols are the tile of the float32 kernels (6 row
// panels of 8 make one column panel of 48).
const (
	covTileRows = 8
	covTileCols = 48
	// covTileScratch is the float64 length of a tile's scratch: the
	// float64 tile and, after it, the float32 group sums (8×48 each).
	covTileScratch = covTileRows*covTileCols + covTileRows*covTileCols/2
)

// covF32Impl is a path's set of float32 covariance kernels.
type covF32Impl struct {
	// tile computes, for i < m and the first min(n, max(0, diag+i))
	// columns j of row i,
	//
	//	s = Σ_groups float64(Σ_{blocks in group} Σ_{p in block} a[p·rs+i]·b[p·rs+j])
	//	c[i·ldc+j] = beta·c[i·ldc+j] + alpha·s  (c not read when beta = ±0)
	//
	// where the blocks are kb consecutive samples p (the last one shorter)
	// summed in float32 with fused multiply-adds, and the groups g
	// consecutive blocks (the last one shorter) whose sums are added in
	// float32 in block order (S = s₁, S ← S + s_b). It reads a[p·rs+i] for
	// i < 8 and b[p·rs+j] for j < 48 (p < k); t is scratch of
	// covTileScratch float64s (an 8×48 float64 tile, then the float32
	// group sums). It may prefetch the rows of c.
	tile func(k, kb, g int, a, b []float32, rs int, t []float64, alpha, beta float64, c []float64, ldc, m, n, diag int)
	// moments sets, for j < n = len(lo), acc[j] = Σ_{r=1}^{b−1}
	// (float64(x[r·d+j]) − x0[j]) (summed in row order from 0, like
	// accsub) and lo[j], hi[j] to the smallest and largest x[r·d+j], r < b,
	// compared like MINPS and MAXPS (lo ← lo < v ? lo : v: a NaN may be
	// dropped; the caller sees it in the sum).
	moments func(x []float32, b, d int, x0, acc []float64, lo, hi []float32)
	// centre sets dst[r·48 + (j/48)·ps + j%48] =
	// float32((float64(x[r·ld+j]) − mu[j])·s) for r < b, j < len(mu): the
	// b rows into 48-column panels ps elements apart.
	centre func(x []float32, b, ld int, mu []float64, s float64, dst []float32, ps int)
}

// covF32Generic is the Go twin of the kernels (the tests' oracle).
var covF32Generic = covF32Impl{tile: covTileGeneric, moments: covMomentsGeneric, centre: covCentreGeneric}

const covTileMisuse = "kernels: covariance tile out of range"

// checkCovTile panics unless the in-place reads and the stores of a tile
// stay inside the slices.
func checkCovTile(k, kb, g, la, lb, rs, lt, lc, ldc, m, n, diag int) {
	if k < 1 || kb < 1 || g < 1 || m < 1 || m > covTileRows || n < 1 || n > covTileCols ||
		rs < 1 || ldc < n || lt < covTileScratch ||
		la < (k-1)*rs+covTileRows || lb < (k-1)*rs+covTileCols {
		panic(covTileMisuse)
	}
	// The last row stored: the lowest i < m with columns, then its width.
	for i := m - 1; i >= 0; i-- {
		if w := min(n, diag+i); w > 0 {
			if lc < i*ldc+w {
				panic(covTileMisuse)
			}
			break
		}
	}
}

func covTileGeneric(k, kb, g int, a, b []float32, rs int, t []float64, alpha, beta float64, c []float64, ldc, m, n, diag int) {
	checkCovTile(k, kb, g, len(a), len(b), rs, len(t), len(c), ldc, m, n, diag)
	const mr, nr = covTileRows, covTileCols
	t = t[:mr*nr]
	clear(t)
	var acc, grp [mr * nr]float32
	nblk := 0 // blocks of the current group summed so far
	for p0 := 0; p0 < k; p0 += kb {
		clear(acc[:])
		for p := p0; p < min(k, p0+kb); p++ {
			bp := b[p*rs : p*rs+n]
			for i := 0; i < m; i++ {
				ai := float64(a[p*rs+i])
				ac := acc[i*nr : i*nr+n]
				for j, bj := range bp {
					// A float32 fused multiply-add: a·b is exact in
					// float64, so the sum is rounded once to float64 and
					// once to float32 (within u·(1+2⁻²⁹) of one rounding).
					ac[j] = float32(math.FMA(ai, float64(bj), float64(ac[j])))
				}
			}
		}
		// The group's float32 sum S: S = s₁, then S ← S + s_b in block
		// order; the group's last block (or the tile's) flushes S + s_b.
		nblk++
		if last := p0+kb >= k || nblk == g; !last {
			for i, v := range acc {
				if nblk == 1 {
					grp[i] = v
				} else {
					grp[i] += v
				}
			}
			continue
		}
		for i, v := range acc {
			if nblk > 1 {
				v += grp[i]
			}
			t[i] += float64(v)
		}
		nblk = 0
	}
	zeroBeta := beta == 0
	for i := 0; i < m; i++ {
		w := min(n, diag+i)
		if w <= 0 {
			continue
		}
		ci := c[i*ldc : i*ldc+w]
		for j, s := range t[i*nr : i*nr+w] {
			if zeroBeta {
				ci[j] = alpha * s
			} else {
				ci[j] = math.FMA(alpha, s, beta*ci[j])
			}
		}
	}
}

func covMomentsGeneric(x []float32, b, d int, x0, acc []float64, lo, hi []float32) {
	n := len(lo)
	x0, acc, hi = x0[:n], acc[:n], hi[:n]
	copy(lo, x[:n])
	copy(hi, x[:n])
	clear(acc)
	for r := 1; r < b; r++ {
		for j, v := range x[r*d : r*d+n] {
			acc[j] += float64(v) - x0[j]
			if !(lo[j] < v) {
				lo[j] = v
			}
			if !(hi[j] > v) {
				hi[j] = v
			}
		}
	}
}

// checkCovMoments panics unless moments' reads and stores stay inside the
// slices.
func checkCovMoments(lx, b, d, lx0, lacc, llo, lhi int) {
	if n := llo; n < 1 || b < 1 || d < n || lx < (b-1)*d+n || lx0 < n || lacc < n || lhi < n {
		panic(covTileMisuse)
	}
}

// covMaxDevFinite returns the largest finite |float64(x) − mu| of the b
// rows of x and the largest finite |v| of extra.
func covMaxDevFinite(x []float32, b, d int, mu, extra []float64) float64 {
	var mx float64
	for r := 0; r < b; r++ {
		for j, v := range x[r*d : r*d+d] {
			if a := math.Abs(float64(v) - mu[j]); a <= math.MaxFloat64 {
				mx = max(mx, a)
			}
		}
	}
	for _, v := range extra {
		if a := math.Abs(v); a <= math.MaxFloat64 {
			mx = max(mx, a)
		}
	}
	return mx
}

func covCentreGeneric(x []float32, b, ld int, mu []float64, s float64, dst []float32, ps int) {
	for r := 0; r < b; r++ {
		for j, v := range x[r*ld : r*ld+len(mu)] {
			dst[r*covTileCols+j/covTileCols*ps+j%covTileCols] = float32((float64(v) - mu[j]) * s)
		}
	}
}

// checkCovCentre panics unless centre's reads and stores stay inside the
// slices and its rows inside their panels.
func checkCovCentre(lx, b, ld, n, ldst, ps int) {
	if n < 1 || b < 1 || ld < n || lx < (b-1)*ld+n || ps < b*covTileCols ||
		ldst < (b-1)*covTileCols+(n-1)/covTileCols*ps+(n-1)%covTileCols+1 {
		panic(covTileMisuse)
	}
}

// covBandBytes is the size of the packed column panels (one band) whose
// tiles are computed for all row panels before the next band's: a band
// stays in a 1 MiB L2 cache while the row panels' A parts stream past it.
// (A variable: tests lower it.)
var covBandBytes = 512 << 10

// covSeg is the tiles of row panel R in column panels j0 ≤ J < j1.
type covSeg struct{ r, j0, j1 int }

// covF32State is a float32 accumulator's scratch for the float32 update
// and the arguments of the update in progress.
type covF32State struct {
	xs  []float32 // the scaled, centred batch and the extra row in 48-column panels (k×48 each)
	lo  []float32 // the batch's smallest value of each feature
	hi  []float32 // and its largest
	t   []float64 // MaxRangeChunks scratch tiles
	seg []covSeg  // the lower triangle's tiles as row segments, in order
	pre []int     // pre[i]: tiles before segment i
	bw  int       // column panels per band of seg

	impl        *covF32Impl
	d, k        int
	alpha, beta float64
	cov         []float64
}

// moments sets acc[j] = Σ_{r≥1} (float64(x[r·d+j]) − x0[j]) for the b rows
// of x and st.lo, st.hi to each feature's smallest and largest value (see
// covF32Impl.moments).
func (st *covF32State) moments(impl *covF32Impl, x []float32, b, d int, x0, acc []float64) {
	if len(st.lo) < d {
		st.lo, st.hi = make([]float32, d), make([]float32, d)
	}
	impl.moments(x, b, d, x0, acc, st.lo[:d], st.hi[:d])
}

// add is Add's update on the float32 kernels: x is the batch (b rows), mub
// its mean, extra the extra row (or nil), alpha the batch weight, and
// st.lo, st.hi hold the batch's extremes (moments).
func (st *covF32State) add(impl *covF32Impl, cov []float64, d int, x []float32, b int, mub, extra []float64, alpha float64) {
	k := b
	if extra != nil {
		k++
	}
	// Scale by a power of two so that every centred value is below 1 in
	// magnitude: float32 products and block sums can then neither overflow
	// nor (for the largest features) underflow.
	// max_r |float64(x_rj) − μ_j| is max(fl(hi_j − μ_j), fl(μ_j − lo_j)):
	// rounding is monotonic. A NaN in the batch makes its feature's mean
	// NaN, an Inf its extreme or mean infinite.
	var mx float64
	for j, m := range mub[:d] {
		mx = max(mx, float64(st.hi[j])-m, m-float64(st.lo[j]))
	}
	for _, v := range extra {
		mx = max(mx, math.Abs(v))
	}
	if !(mx <= math.MaxFloat64) {
		// A non-finite value (it propagates to its own features whatever
		// the scale): scale by the finite ones, so that the other
		// features keep the range the bound assumes.
		mx = covMaxDevFinite(x, b, d, mub, extra)
	}
	s := 1.0
	if mx > 0 && mx <= math.MaxFloat64 {
		_, e := math.Frexp(mx)
		s = math.Ldexp(1, -e)
	}
	// Pack: panel J holds columns 48J..48J+47 of the k rows, row-major
	// with stride 48; columns past d are never stored from.
	np := (d + covTileCols - 1) / covTileCols
	ps := covTileCols * k
	if need := np * ps; len(st.xs) < need {
		st.xs = make([]float32, need)
	}
	xs := st.xs
	impl.centre(x, b, d, mub[:d], s, xs, ps)
	if extra != nil {
		for j, v := range extra {
			xs[j/covTileCols*ps+b*covTileCols+j%covTileCols] = float32(v * s)
		}
	}
	if st.t == nil {
		st.t = make([]float64, MaxRangeChunks*covTileScratch)
	}
	// Tiles in bands of bw column panels: band by band, row panel by row
	// panel, the row's tiles in the band (each tile's result does not
	// depend on the order).
	panels := (d + covTileRows - 1) / covTileRows
	if bw := max(1, covBandBytes/(4*ps)); bw != st.bw || len(st.seg) == 0 || st.seg[len(st.seg)-1].r != panels-1 {
		st.bw, st.seg, st.pre = bw, st.seg[:0], append(st.pre[:0], 0)
		for j0 := 0; j0 < np; j0 += bw {
			for R := j0 * covTileCols / covTileRows; R < panels; R++ {
				last := min(d, R*covTileRows+covTileRows) - 1 // last row of the panel
				j1 := min(j0+bw, last/covTileCols+1)
				st.seg = append(st.seg, covSeg{R, j0, j1})
				st.pre = append(st.pre, st.pre[len(st.pre)-1]+j1-j0)
			}
		}
	}
	st.impl, st.d, st.k, st.cov = impl, d, k, cov
	st.alpha = alpha / float64(b) / (s * s)
	st.beta = 1 - alpha
	grain := max(1, parMinMACs/(covTileRows*covTileCols*k))
	ParallelFor(st.pre[len(st.seg)], grain, st)
	st.impl, st.cov = nil, nil
}

// RunRange computes the row segments whose first tile is in [lo, hi).
func (st *covF32State) RunRange(lo, hi, chunk int) {
	const mr, nr = covTileRows, covTileCols
	d, k := st.d, st.k
	t := st.t[chunk*covTileScratch : (chunk+1)*covTileScratch]
	ps := nr * k
	nseg := len(st.seg)
	for i := sort.SearchInts(st.pre[:nseg], lo); i < nseg && st.pre[i] < hi; i++ {
		sg := st.seg[i]
		i0 := sg.r * mr
		m := min(mr, d-i0)
		// The rows of the tile are columns 8·(R mod 6)… of panel R/6.
		a := st.xs[i0/nr*ps+i0%nr:]
		for j0 := sg.j0 * nr; j0 < sg.j1*nr; j0 += nr {
			n := min(nr, d-j0, i0+m-j0)
			st.impl.tile(k, covBlock, covGroup, a, st.xs[j0/nr*ps:], nr, t, st.alpha, st.beta, st.cov[i0*d+j0:], d, m, n, i0-j0+1)
		}
	}
}
