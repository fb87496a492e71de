package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas"

	"github.com/directpred/directpred/internal/testutil"
)

// refRoundBF16 rounds x to bfloat16 by a different route than bf16Round: it
// compares the distances to the two neighbouring bfloat16 values in float64
// and breaks ties towards the even one.
func refRoundBF16(x float32) float32 {
	switch {
	case x != x:
		return x
	case math.IsInf(float64(x), 0):
		return x
	}
	u := math.Float32bits(x)
	lo := u &^ 0xffff // truncation: towards zero
	if lo == u {
		return x
	}
	hi := lo + 0x10000 // next bfloat16 away from zero (may be ±Inf)
	dl := math.Abs(float64(x) - float64(math.Float32frombits(lo)))
	hv := math.Abs(float64(math.Float32frombits(hi)))
	if math.IsInf(hv, 0) {
		hv = 0x1p128 // round as if the exponent were unbounded, then overflow
	}
	dh := hv - math.Abs(float64(x))
	switch {
	case dl < dh:
		return math.Float32frombits(lo)
	case dh < dl:
		return math.Float32frombits(hi)
	case lo&0x10000 == 0:
		return math.Float32frombits(lo)
	default:
		return math.Float32frombits(hi)
	}
}

func TestBF16Rounding(t *testing.T) {
	for _, tc := range []struct {
		in   float32
		want uint16
	}{
		{0, 0x0000},
		{float32(math.Copysign(0, -1)), 0x8000},
		{1, 0x3f80},
		{-2, 0xc000},
		{math.Float32frombits(0x3f808000), 0x3f80}, // tie, even below
		{math.Float32frombits(0x3f818000), 0x3f82}, // tie, even above
		{math.Float32frombits(0x3f808001), 0x3f81}, // just past the tie
		{math.Float32frombits(0x3f807fff), 0x3f80},
		{math.MaxFloat32, 0x7f80},                  // past the bfloat16 range
		{math.Float32frombits(0x7f7f7fff), 0x7f7f}, // largest that stays finite
		{math.Float32frombits(0x7f7f8000), 0x7f80}, // tie at the top rounds to Inf
		{float32(math.Inf(1)), 0x7f80},
		{float32(math.Inf(-1)), 0xff80},
		{math.Float32frombits(0x00000001), 0x0000}, // smallest subnormal
		{math.Float32frombits(0x00018000), 0x0002}, // subnormal tie, even above
		{math.Float32frombits(0x007fffff), 0x0080}, // largest subnormal → smallest normal
		{math.Float32frombits(0x7fc00000), 0x7fc0}, // quiet NaN
		{math.Float32frombits(0x7f800001), 0x7fc0}, // signalling NaN, payload below bit 16: stays NaN
		{math.Float32frombits(0xffffffff), 0xffff}, // NaN that the rounding add would carry
		{math.Float32frombits(0x7f810000), 0x7fc1}, // payload kept, made quiet
	} {
		got := ToBF16(tc.in)
		if uint16(got) != tc.want {
			t.Errorf("ToBF16(%#08x) = %#04x, want %#04x", math.Float32bits(tc.in), uint16(got), tc.want)
		}
		if r := RoundBF16(tc.in); math.Float32bits(r) != uint32(tc.want)<<16 {
			t.Errorf("RoundBF16(%#08x) = %#08x", math.Float32bits(tc.in), math.Float32bits(r))
		}
		if w := got.Float32(); math.Float32bits(w) != uint32(tc.want)<<16 {
			t.Errorf("Float32 of %#04x = %#08x", uint16(got), math.Float32bits(w))
		}
	}
	// Against the independent rounding: every bit pattern near the ties and
	// a stride through the rest of the float32 bit patterns.
	step := uint32(9973)
	if testing.Short() {
		step = 99991
	}
	check := func(u uint32) {
		x := math.Float32frombits(u)
		got, want := RoundBF16(x), refRoundBF16(x)
		if math.Float32bits(got) != math.Float32bits(want) && !(x != x && got != got) {
			t.Fatalf("RoundBF16(%#08x) = %#08x, want %#08x", u, math.Float32bits(got), math.Float32bits(want))
		}
	}
	for u := uint64(0); u < 1<<32; u += uint64(step) {
		check(uint32(u))
	}
	for hi := uint32(0); hi < 1<<16; hi += 97 {
		for _, lo := range []uint32{0x7fff, 0x8000, 0x8001, 0xffff, 0} {
			check(hi<<16 | lo)
		}
	}
}

// bf16TestInput returns n float32 values: random ones of many magnitudes
// with NaNs, infinities, ties and subnormals among them.
func bf16TestInput(rnd *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch rnd.IntN(10) {
		case 0:
			x[i] = math.Float32frombits(rnd.Uint32()) // anything, NaNs included
		case 1:
			x[i] = math.Float32frombits(rnd.Uint32()&^0xffff | 0x8000) // a tie
		case 2:
			x[i] = math.Float32frombits(rnd.Uint32() & 0x807fffff) // subnormal
		case 3:
			x[i] = float32(math.Inf(1 - 2*rnd.IntN(2)))
		default:
			x[i] = float32(rnd.NormFloat64() * math.Exp(10*rnd.NormFloat64()))
		}
	}
	return x
}

// TestBF16Conversions checks the vectorised conversions of every path bit for
// bit against the scalar ones, on guarded minimal slices of every length
// around the vector widths.
func TestBF16Conversions(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	lengths := []int{0, 1, 2, 7, 15, 16, 17, 31, 32, 33, 47, 48, 63, 64, 65, 100, 1000}
	forEachISA(t, func(t *testing.T) {
		for _, n := range lengths {
			src := bf16TestInput(rnd, n)
			src2 := bf16TestInput(rnd, n)

			g := testutil.GuardedCopy(t, src)
			dstf := testutil.Guarded[float32](t, n)
			dst := asBF16s(dstf)[:n] // guarded at the end only when n is even; the float32 views below are guarded
			ConvertToBF16(dst, g)
			for i, v := range src {
				if dst[i] != ToBF16(v) {
					t.Fatalf("n=%d: ConvertToBF16[%d] of %#08x = %#04x, want %#04x", n, i, math.Float32bits(v), dst[i], ToBF16(v))
				}
			}
			back := testutil.Guarded[float32](t, n)
			ConvertFromBF16(back, dst)
			for i := range back {
				if math.Float32bits(back[i]) != uint32(dst[i])<<16 {
					t.Fatalf("n=%d: ConvertFromBF16[%d] = %#08x, want %#08x", n, i, math.Float32bits(back[i]), uint32(dst[i])<<16)
				}
			}
			r := testutil.GuardedCopy(t, src)
			cur.bf.round(r)
			for i, v := range src {
				if math.Float32bits(r[i]) != math.Float32bits(RoundBF16(v)) {
					t.Fatalf("n=%d: round[%d] of %#08x = %#08x", n, i, math.Float32bits(v), math.Float32bits(r[i]))
				}
			}
			pw := testutil.Guarded[float32](t, n)
			g2 := testutil.GuardedCopy(t, src2)
			cur.bf.pairs(asWords(pw), g, g2)
			for j, w := range asWords(pw) {
				want := uint32(ToBF16(src[j])) | uint32(ToBF16(src2[j]))<<16
				if w != want {
					t.Fatalf("n=%d: pairs[%d] = %#08x, want %#08x", n, j, w, want)
				}
			}
			if pp := cur.bf.pairsPanels; pp != nil {
				for _, w := range []int{8, 16, 48} {
					ps := 3*w + 5
					np := (n + w - 1) / w
					out := testutil.Guarded[float32](t, max(0, (np-1)*ps+(n-1)%w+1))
					if n == 0 {
						out = nil
					}
					for i := range out {
						out[i] = math.Float32frombits(0xdeadbeef)
					}
					pp(asWords(out), g, g2, w, ps)
					for j := 0; j < len(out); j++ {
						col, pan := j%ps, j/ps
						got := asWords(out)[j]
						if col >= w || pan*w+col >= n {
							if got != 0xdeadbeef {
								t.Fatalf("n=%d w=%d: pairsPanels wrote word %d outside the row", n, w, j)
							}
							continue
						}
						jj := pan*w + col
						if want := uint32(ToBF16(src[jj])) | uint32(ToBF16(src2[jj]))<<16; got != want {
							t.Fatalf("n=%d w=%d: pairsPanels word %d = %#08x, want %#08x", n, w, jj, got, want)
						}
					}
				}
			}
			h2 := make([]BF16, n)
			ConvertToBF16(h2, src2)
			po := testutil.Guarded[float32](t, n)
			cur.bf.pairsOf(asWords(po), guardedBF16(t, src), guardedBF16(t, src2))
			for j, w := range asWords(po) {
				want := uint32(dst[j]) | uint32(h2[j])<<16
				if w != want {
					t.Fatalf("n=%d: pairsOf[%d] = %#08x, want %#08x", n, j, w, want)
				}
			}
		}
	})
}

func TestBF16ConversionPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"to":   func() { ConvertToBF16(make([]BF16, 2), make([]float32, 3)) },
		"from": func() { ConvertFromBF16(make([]float32, 3), make([]BF16, 2)) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != bf16BadLen {
					t.Errorf("panic = %v, want %q", r, bf16BadLen)
				}
			}()
			f()
		})
	}
}

// sgemmBF16ViaBF16gemm runs BF16gemm on the operands converted to bfloat16,
// guarded, with the caller's (guarded) C.
func sgemmBF16ViaBF16gemm(t *testing.T) gemmFunc[float32] {
	return func(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
		ah := guardedBF16(t, a)
		bh := guardedBF16(t, b)
		BF16gemm(tA, tB, m, n, k, alpha, ah, lda, bh, ldb, beta, c, ldc)
	}
}

// guardedBF16 returns ToBF16 of x in a slice whose end is as close to a guard
// page as the alignment allows (exactly at it for even lengths).
func guardedBF16(t *testing.T, x []float32) []BF16 {
	g := testutil.Guarded[float32](t, (len(x)+1)/2)
	h := asBF16s(g)
	h = h[len(h)-len(x):]
	for i, v := range x {
		h[i] = ToBF16(v)
	}
	return h
}

func testGemmBF16Sweep(t *testing.T, f gemmFunc[float32]) {
	rnd := rand.New(rand.NewPCG(21, 22))
	sizes := edgeSizes()
	alphas := []float64{1, -0.5, 2.5}
	betas := []float64{0, 1, 0.3}
	for _, tA := range transposes {
		for _, tB := range transposes {
			var shapes [][3]int
			for _, m := range sizes {
				for _, n := range sizes {
					if m <= 50 && n <= 50 && rnd.IntN(3) == 0 || rnd.IntN(16) == 0 {
						shapes = append(shapes, [3]int{m, n, 1 + rnd.IntN(9)})
					}
				}
			}
			for _, p := range isas {
				g := p.sb.blockSizes()
				for _, k := range []int{0, 1, 2, 3, g.KC - 1, g.KC, g.KC + 1, 2*g.KC + 3} {
					shapes = append(shapes, [3]int{g.MR + 1, g.NR + 3, k})
				}
				shapes = append(shapes, [3]int{g.MC + g.MR + 1, 2*g.NR + 1, g.KC + 5})
			}
			shapes = append(shapes, [3]int{300, 290, 311}, [3]int{64, 64, 64})
			for _, s := range shapes {
				tc := gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2],
					alpha: alphas[rnd.IntN(len(alphas))], beta: betas[rnd.IntN(len(betas))]}
				if rnd.IntN(2) == 0 {
					tc.padA, tc.padB, tc.padC = rnd.IntN(5), rnd.IntN(5), rnd.IntN(5)
				}
				checkGemmRef(t, f, tc, rnd, false, false, RoundBF16)
			}
		}
	}
}

// TestSgemmBF16 checks SgemmBF16 on every path against the float64 product of
// the rounded operands with the float32 inner-product bound, on guarded
// minimal slices, every transpose, padded strides and edge shapes.
func TestSgemmBF16(t *testing.T) { testGemmBF16Sweep(t, SgemmBF16) }

// TestBF16gemm does the same for BF16gemm on bfloat16 operands.
func TestBF16gemm(t *testing.T) { testGemmBF16Sweep(t, sgemmBF16ViaBF16gemm(t)) }

// TestBF16gemmMatchesSgemmBF16 checks that BF16gemm on ToBF16(A), ToBF16(B)
// gives SgemmBF16's result on A, B bit for bit, on every path.
func TestBF16gemmMatchesSgemmBF16(t *testing.T) {
	rnd := rand.New(rand.NewPCG(23, 24))
	forEachISA(t, func(t *testing.T) {
		for _, s := range [][3]int{{1, 1, 1}, {9, 49, 17}, {130, 100, 1100}, {7, 300, 33}} {
			for _, tA := range transposes {
				for _, tB := range transposes {
					tc := gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2], padA: 1, padB: 3, alpha: 1.5, beta: 0.5}
					ar, ac, lda, br, bc, ldb, ldc := tc.dims()
					a := bf16TestInput(rnd, minLen(ar, ac, lda))
					b := make([]float32, minLen(br, bc, ldb))
					testutil.Fill(rnd, b)
					c := make([]float32, minLen(tc.m, tc.n, ldc))
					testutil.Fill(rnd, c)
					c1, c2 := slices.Clone(c), slices.Clone(c)
					SgemmBF16(tA, tB, tc.m, tc.n, tc.k, 1.5, a, lda, b, ldb, 0.5, c1, ldc)
					sgemmBF16ViaBF16gemm(t)(tA, tB, tc.m, tc.n, tc.k, 1.5, a, lda, b, ldb, 0.5, c2, ldc)
					if !sameBits(c1, c2) {
						t.Fatalf("%v: BF16gemm differs from SgemmBF16", tc)
					}
				}
			}
		}
	})
}

// TestGemmBF16AlphaBeta covers the alpha × beta grid with its quick paths,
// and the BLAS contract that beta = 0 does not read C and alpha = 0 does not
// read A and B.
func TestGemmBF16AlphaBeta(t *testing.T) {
	rnd := rand.New(rand.NewPCG(25, 26))
	for _, f := range []gemmFunc[float32]{SgemmBF16, sgemmBF16ViaBF16gemm(t)} {
		for _, s := range [][3]int{{3, 5, 7}, {37, 53, 41}, {9, 49, 0}, {70, 130, 300}} {
			for _, tA := range transposes {
				for _, tB := range transposes {
					for _, alpha := range []float64{0, 1, -0.5} {
						for _, beta := range []float64{0, 1, 0.3} {
							tc := gemmCase{tA: tA, tB: tB, m: s[0], n: s[1], k: s[2], padA: 1, padB: 2, padC: 3, alpha: alpha, beta: beta}
							checkGemmRef(t, f, tc, rnd, alpha == 0, beta == 0, RoundBF16)
						}
					}
				}
			}
		}
	}
}

// TestGemmBF16SpecialValues checks Inf and NaN propagation, and that values
// past the bfloat16 range become infinite before they are multiplied.
func TestGemmBF16SpecialValues(t *testing.T) {
	forEachISA(t, func(t *testing.T) {
		const m, n, k = 11, 50, 20
		a := make([]float32, m*k)
		b := make([]float32, k*n)
		for i := range a {
			a[i] = 1
		}
		for i := range b {
			b[i] = 1
		}
		a[3*k+4] = float32(math.Inf(1))
		a[5*k+6] = math.MaxFloat32 // rounds to +Inf in bfloat16
		b[5*n+7] = float32(math.NaN())
		c := make([]float32, m*n)
		SgemmBF16(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, c, n)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				got := c[i*n+j]
				switch {
				case j == 7:
					if got == got {
						t.Fatalf("C[%d,%d] = %v, want NaN", i, j, got)
					}
				case i == 3 || i == 5:
					if !math.IsInf(float64(got), 1) {
						t.Fatalf("C[%d,%d] = %v, want +Inf", i, j, got)
					}
				default:
					if got != k {
						t.Fatalf("C[%d,%d] = %v, want %d", i, j, got, k)
					}
				}
			}
		}
	})
}

func TestGemmBF16Panics(t *testing.T) {
	a := make([]float32, 12)
	h := make([]BF16, 12)
	n := blas.NoTrans
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"tA", func() { SgemmBF16('X', n, 2, 2, 2, 1, a, 2, a, 2, 0, a, 2) }, badTranspose},
		{"m", func() { SgemmBF16(n, n, -1, 2, 2, 1, a, 2, a, 2, 0, a, 2) }, mLT0},
		{"lda", func() { SgemmBF16(n, n, 2, 2, 3, 1, a, 2, a, 2, 0, a, 2) }, badLdA},
		{"shortA", func() { SgemmBF16(n, n, 7, 2, 2, 1, a, 2, a, 2, 0, a, 2) }, shortA},
		{"shortC", func() { SgemmBF16(n, n, 7, 1, 1, 1, a, 1, a, 1, 0, a[:6], 1) }, shortC},
		{"h/tB", func() { BF16gemm(n, 'X', 2, 2, 2, 1, h, 2, h, 2, 0, a, 2) }, badTranspose},
		{"h/k", func() { BF16gemm(n, n, 2, 2, -1, 1, h, 2, h, 2, 0, a, 2) }, kLT0},
		{"h/ldb", func() { BF16gemm(n, n, 2, 3, 2, 1, h, 2, h, 2, 0, a, 3) }, badLdB},
		{"h/shortB", func() { BF16gemm(n, n, 2, 2, 7, 1, make([]BF16, 14), 7, h, 2, 0, a, 2) }, shortB},
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

// TestBF16Micro calls every native bfloat16 micro-kernel this CPU can run
// and compares it with bf16MicroRef over every tile shape it accepts, k pairs
// around 0 and its KC, several ldc, alpha and beta (beta = 0 on NaN-filled
// C), on guarded minimal slices. Products of bfloat16 values are exact in
// float32, so the kernels differ from the twin only in the order of the
// float32 additions: the bound is the float32 inner-product one.
func TestBF16Micro(t *testing.T) {
	native := 0
	for _, p := range isas {
		if !p.available || p.sb.pairKernel == nil {
			continue
		}
		native++
		g := &p.sb
		t.Run(p.name, func(t *testing.T) {
			rnd := rand.New(rand.NewPCG(29, 30))
			ms, ns := []int{g.mr}, []int{g.nr}
			if g.partial {
				ms, ns = nil, nil
				for m := 1; m <= g.mr; m++ {
					ms = append(ms, m)
				}
				for n := 1; n <= g.nr; n++ {
					ns = append(ns, n)
				}
			}
			for _, k := range []int{0, 1, 2, 3, 5, 8, g.kc/2 + 1} {
				t.Run(fmt.Sprintf("k=%d", k), func(t *testing.T) {
					a := testutil.Guarded[float32](t, g.mr*k)
					b := testutil.Guarded[float32](t, g.nr*k)
					fa := bf16TestPanel(rnd, a)
					fb := bf16TestPanel(rnd, b)
					for _, m := range ms {
						for _, n := range ns {
							for _, ldc := range dedup(n, n+5) {
								for _, ab := range [][2]float32{{1, 0}, {-0.5, 1}, {2, 0.25}} {
									checkBF16Micro(t, g, k, m, n, ldc, ab[0], ab[1], asWords(a), asWords(b), fa, fb)
								}
							}
						}
					}
				})
			}
		})
	}
	if native == 0 {
		t.Log("no native bfloat16 kernel on this CPU")
	}
}

// bf16TestPanel fills a pair panel with bfloat16 pairs of random normal
// values and returns them widened (word w: elements 2w, 2w+1).
func bf16TestPanel(rnd *rand.Rand, p []float32) []float32 {
	f := make([]float32, 2*len(p))
	w := asWords(p)
	for i := range w {
		lo, hi := ToBF16(float32(rnd.NormFloat64())), ToBF16(float32(rnd.NormFloat64()))
		w[i] = uint32(lo) | uint32(hi)<<16
		f[2*i], f[2*i+1] = lo.Float32(), hi.Float32()
	}
	return f
}

func checkBF16Micro(t *testing.T, g *gemmImpl[float32], k, m, n, ldc int, alpha, beta float32, a, b []uint32, fa, fb []float32) {
	t.Helper()
	c := testutil.Guarded[float32](t, (m-1)*ldc+n)
	orig := make([]float32, len(c))
	for i := range c {
		orig[i] = float32(i%7) - 3
		if beta == 0 {
			orig[i] = float32(math.NaN())
		}
	}
	copy(c, orig)
	g.pairKernel(k, alpha, a, b, beta, c, ldc, m, n)
	for i := 0; i < m; i++ {
		for j := 0; j < ldc && i*ldc+j < len(c); j++ {
			got := c[i*ldc+j]
			if j >= n {
				if math.Float32bits(got) != math.Float32bits(orig[i*ldc+j]) {
					t.Fatalf("k=%d m=%d n=%d: C[%d,%d] outside the tile changed", k, m, n, i, j)
				}
				continue
			}
			var s, gauge float64
			for p := 0; p < k; p++ {
				for h := 0; h < 2; h++ {
					v := float64(fa[2*(p*g.mr+i)+h]) * float64(fb[2*(p*g.nr+j)+h])
					s += v
					gauge += math.Abs(v)
				}
			}
			s *= float64(alpha)
			gauge *= math.Abs(float64(alpha))
			if beta != 0 {
				s += float64(beta) * float64(orig[i*ldc+j])
				gauge += math.Abs(float64(beta) * float64(orig[i*ldc+j]))
			}
			if !testutil.WithinBound(got, s, gauge, 2*k, 2) {
				t.Fatalf("k=%d m=%d n=%d ldc=%d alpha=%v beta=%v: C[%d,%d] = %v, want %v", k, m, n, ldc, alpha, beta, i, j, got, s)
			}
		}
	}
	// The twin agrees to the same bound.
	ref := slices.Clone(orig)
	bf16MicroRef(g.mr, g.nr, k, alpha, a, b, beta, ref, ldc, m, n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			d := math.Abs(float64(ref[i*ldc+j]) - float64(c[i*ldc+j]))
			if d > 4*float64(2*k+2)*0x1p-24*(math.Abs(float64(ref[i*ldc+j]))+float64(k)*16)+1e-30 {
				t.Fatalf("k=%d m=%d n=%d: kernel %v, twin %v", k, m, n, c[i*ldc+j], ref[i*ldc+j])
			}
		}
	}
}
