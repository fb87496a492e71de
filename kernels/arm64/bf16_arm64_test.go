//go:build !purego

package arm64

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/directpred/directpred/internal/testutil"
)

// toBF16 rounds f to bfloat16, to nearest even (a NaN stays a quiet NaN).
func toBF16(f float32) uint16 {
	u := math.Float32bits(f)
	if f != f {
		return uint16(u>>16) | 0x40
	}
	u += 0x7fff + (u>>16)&1
	return uint16(u >> 16)
}

// pair packs two bfloat16 values into one panel word, x low.
func pair(x, y uint16) uint32 { return uint32(x) | uint32(y)<<16 }

func bfLo(w uint32) float64 { return float64(math.Float32frombits(w << 16)) }
func bfHi(w uint32) float64 { return float64(math.Float32frombits(w &^ 0xFFFF)) }

// guardedWords returns n uint32s ending at a guard page (testutil.Guarded's
// memory, reinterpreted).
func guardedWords(t *testing.T, n int) []uint32 {
	g := testutil.Guarded[float32](t, n)
	if n == 0 {
		return g2w(g)[:0]
	}
	return g2w(g)
}

func g2w(g []float32) []uint32 {
	return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(g))), len(g))
}

// bf16Ref is the float64 reference of one tile: want = alpha·s + beta·c
// (beta·c left out when beta == 0) with s summed exactly enough in float64,
// and the error bound of the kernel's result.
//
// The bound: BFDOT rounds the pair sum and the accumulation to odd, each
// with relative error < 2^-23 = 2u (u = 2^-24), so the accumulator of k
// pairs is within γ(k+1) ≈ 2(k+1)u·Σ|products| of s; alpha·s + beta·c adds
// an FMUL and an FMLA (u each). Hence (2k+4)·u·(|alpha|·Σ|products| +
// |beta·c|), times 1.01 for the second-order terms, plus an absolute term
// for what BFDOT flushes to zero: a subnormal input x loses |x·y| < 2^-126·|y|,
// a product, pair sum or accumulator below 2^-126 loses less than 2^-126;
// at most 4 such losses per k-pair, scaled by |alpha|, with max(1, max|y|)
// for |y|; and 2^-149 for the final (not flushed) roundings into the
// subnormal range.
func bf16Ref(k int, alpha float32, a, b []uint32, beta float32, c []float32, ldc int) (want, bound []float64) {
	const mr, nr = SgemmBF16NEONMR, SgemmBF16NEONNR
	const u = 0x1p-24
	maxAbs := 1.0
	for _, w := range append(append([]uint32(nil), a[:mr*k]...), b[:nr*k]...) {
		if x := math.Abs(bfLo(w)); x > maxAbs && !math.IsInf(x, 0) {
			maxAbs = x
		}
		if x := math.Abs(bfHi(w)); x > maxAbs && !math.IsInf(x, 0) {
			maxAbs = x
		}
	}
	want = make([]float64, mr*nr)
	bound = make([]float64, mr*nr)
	for i := 0; i < mr; i++ {
		for j := 0; j < nr; j++ {
			var s, g float64
			for p := 0; p < k; p++ {
				x, y := a[p*mr+i], b[p*nr+j]
				lo, hi := bfLo(x)*bfLo(y), bfHi(x)*bfHi(y)
				s += lo + hi
				g += math.Abs(lo) + math.Abs(hi)
			}
			al := float64(alpha)
			w := al * s
			gauge := math.Abs(al) * g
			if beta != 0 {
				bc := float64(beta) * float64(c[i*ldc+j])
				w += bc
				gauge += math.Abs(bc)
			}
			want[i*nr+j] = w
			bound[i*nr+j] = 1.01*float64(2*k+4)*u*gauge + math.Abs(al)*float64(4*k)*0x1p-126*maxAbs + 0x1p-149
		}
	}
	return want, bound
}

// checkTile compares the tile with the reference: NaN where want is NaN,
// the same infinity where want is infinite, within the bound elsewhere; and
// the columns of C beyond NR (padding up to ldc) untouched. It returns the
// largest |got − want|/bound of the finite elements.
func checkTile(t *testing.T, name string, c []float32, ldc int, want, bound []float64, pad float32) (worst float64) {
	t.Helper()
	const mr, nr = SgemmBF16NEONMR, SgemmBF16NEONNR
	bad := 0
	for i := 0; i < mr; i++ {
		for j := 0; j < ldc && i*ldc+j < len(c); j++ {
			got := c[i*ldc+j]
			if j >= nr {
				if math.Float32bits(got) != math.Float32bits(pad) {
					t.Errorf("%s: padding c[%d][%d] = %v changed", name, i, j, got)
					bad++
				}
				continue
			}
			w, e := want[i*nr+j], bound[i*nr+j]
			var ok bool
			switch {
			case math.IsNaN(w):
				ok = got != got
			case math.IsInf(w, 0):
				ok = float64(got) == w
			default:
				r := math.Abs(float64(got)-w) / e
				worst = max(worst, r)
				ok = r <= 1
			}
			if !ok {
				t.Errorf("%s: c[%d][%d] = %v, want %v ± %.3g", name, i, j, got, w, e)
				bad++
			}
			if bad >= 5 {
				t.Fatalf("%s: giving up", name)
			}
		}
	}
	return worst
}

const skipNoBF16 = "no FEAT_BF16 (HasBF16 is false): the BFDOT kernel cannot run here; " +
	"use Armv8.6+ hardware or qemu-aarch64-static -cpu max " +
	"(TestHasBF16MatchesCPUInfo fails if this CPU does report bf16)"

// randPanel fills n words with pairs of bfloat16 rounded from uniform
// [-scale, scale); with sub, one word in eight carries a subnormal bfloat16.
func randPanel(rnd *rand.Rand, w []uint32, scale float64, sub bool) {
	for i := range w {
		x := toBF16(float32(scale * (2*rnd.Float64() - 1)))
		y := toBF16(float32(scale * (2*rnd.Float64() - 1)))
		if sub && rnd.IntN(8) == 0 {
			x = uint16(rnd.IntN(2))<<15 | uint16(1+rnd.IntN(0x7f)) // exponent 0
		}
		w[i] = pair(x, y)
	}
}

func TestSgemmBF16NEON(t *testing.T) {
	if !HasBF16 {
		t.Skip(skipNoBF16)
	}
	const mr, nr = SgemmBF16NEONMR, SgemmBF16NEONNR
	rnd := rand.New(rand.NewPCG(1, 2))
	negz := float32(math.Copysign(0, -1))
	nan := float32(math.NaN())
	type ab struct{ alpha, beta float32 }
	scalars := []ab{{1, 0}, {1, negz}, {-2.5, 0}, {0.75, 1}, {1, -1.5}, {0, 2}, {negz, 0.5}, {0, 0}, {1.25, nan}}
	type data struct {
		name  string
		scale float64
		sub   bool
	}
	datas := []data{{"unit", 1, false}, {"large", 0x1p50, false}, {"tiny", 0x1p-64, false}, {"subnormal", 1, true}}
	const pad = float32(12345.5)
	var worst float64
	for _, k := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 16, 33} {
		for _, ldc := range []int{nr, nr + 1, 19} {
			for si, s := range scalars {
				d := datas[(k+ldc+si)%len(datas)]
				name := fmt.Sprintf("k=%d/ldc=%d/alpha=%v/beta=%v/%s", k, ldc, s.alpha, s.beta, d.name)
				a := guardedWords(t, mr*k)
				b := guardedWords(t, nr*k)
				c := testutil.Guarded[float32](t, (mr-1)*ldc+nr)
				randPanel(rnd, a, d.scale, d.sub)
				randPanel(rnd, b, d.scale, d.sub)
				for i := range c {
					switch {
					case i%ldc >= nr:
						c[i] = pad
					case s.beta == 0:
						c[i] = nan // must not be read
					default:
						c[i] = float32(2*rnd.Float64() - 1)
					}
				}
				want, bound := bf16Ref(k, s.alpha, a, b, s.beta, c, ldc)
				SgemmBF16NEON(k, s.alpha, a, b, s.beta, c, ldc, mr, nr)
				worst = max(worst, checkTile(t, name, c, ldc, want, bound, pad))
			}
		}
	}
	t.Logf("largest error / bound: %.3g", worst)
}

// TestSgemmBF16NEONSpecial: infinities and NaNs in the panels propagate as
// in the reference (an infinite product makes its row or column infinite,
// Inf·0 and NaN give NaN), and a NaN in C with beta = 0 does not.
func TestSgemmBF16NEONSpecial(t *testing.T) {
	if !HasBF16 {
		t.Skip(skipNoBF16)
	}
	const mr, nr = SgemmBF16NEONMR, SgemmBF16NEONNR
	const (
		inf  = 0x7F80
		ninf = 0xFF80
		qnan = 0x7FC0
	)
	rnd := rand.New(rand.NewPCG(3, 4))
	positive := func(w []uint32) { // pairs in [0.5, 1): no cancellation, no zero
		for i := range w {
			w[i] = pair(toBF16(float32(0.5+rnd.Float64()/2)), toBF16(float32(0.5+rnd.Float64()/2)))
		}
	}
	cases := []struct {
		name string
		set  func(a, b []uint32)
	}{
		{"Inf in A row 3 (lo)", func(a, b []uint32) { a[2*mr+3] = a[2*mr+3]&^0xFFFF | inf }},
		{"-Inf in A row 6 (hi)", func(a, b []uint32) { a[4*mr+6] = a[4*mr+6]&0xFFFF | ninf<<16 }},
		{"NaN in B column 5 (hi)", func(a, b []uint32) { b[1*nr+5] = b[1*nr+5]&0xFFFF | qnan<<16 }},
		{"Inf in B column 11 times 0 in A row 0", func(a, b []uint32) {
			b[3*nr+11] = b[3*nr+11]&^0xFFFF | inf
			a[3*mr+0] &^= 0xFFFF
		}},
		{"Inf and -Inf in row 2", func(a, b []uint32) {
			a[0*mr+2] = a[0*mr+2]&^0xFFFF | inf
			a[1*mr+2] = a[1*mr+2]&^0xFFFF | ninf
		}},
	}
	const k, ldc = 6, nr + 3
	for _, tc := range cases {
		for _, beta := range []float32{0, 0.5} {
			name := fmt.Sprintf("%s/beta=%v", tc.name, beta)
			a := guardedWords(t, mr*k)
			b := guardedWords(t, nr*k)
			c := testutil.Guarded[float32](t, (mr-1)*ldc+nr)
			positive(a)
			positive(b)
			tc.set(a, b)
			for i := range c {
				c[i] = float32(math.NaN())
				if beta != 0 || i%ldc >= nr {
					c[i] = 1
				}
			}
			want, bound := bf16Ref(k, 1.5, a, b, beta, c, ldc)
			SgemmBF16NEON(k, 1.5, a, b, beta, c, ldc, mr, nr)
			checkTile(t, name, c, ldc, want, bound, 1)
		}
	}
}

func TestSgemmBF16NEONPanics(t *testing.T) {
	const mr, nr = SgemmBF16NEONMR, SgemmBF16NEONNR
	type args struct{ k, ldc, m, n, la, lb, lc int }
	minimal := func(k, ldc int) args {
		return args{k: k, ldc: ldc, m: mr, n: nr, la: mr * k, lb: nr * k, lc: (mr-1)*ldc + nr}
	}
	full := minimal(5, nr)
	with := func(mod func(a *args)) args { a := full; mod(&a); return a }
	cases := []struct {
		name string
		args args
		msg  string
	}{
		{"m>MR", with(func(a *args) { a.m = mr + 1 }), badTile},
		{"m<MR", with(func(a *args) { a.m = mr - 1 }), badTile},
		{"n>NR", with(func(a *args) { a.n = nr + 1 }), badTile},
		{"n<NR", with(func(a *args) { a.n = nr - 1 }), badTile},
		{"k<0", with(func(a *args) { a.k = -1 }), badK},
		{"ldc<NR", with(func(a *args) { a.ldc = nr - 1 }), badLdc},
		{"short a", with(func(a *args) { a.la-- }), shortA},
		{"short b", with(func(a *args) { a.lb-- }), shortB},
		{"short c", with(func(a *args) { a.lc-- }), shortC},
		{"short c padded", func() args { a := minimal(4, nr+2); a.lc--; return a }(), shortC},
	}
	call := func(x args, a, b []uint32, c []float32) (msg any) {
		defer func() { msg = recover() }()
		SgemmBF16NEON(x.k, 1, a, b, 0, c, x.ldc, x.m, x.n)
		return nil
	}
	for _, tc := range cases {
		got := call(tc.args, make([]uint32, tc.args.la), make([]uint32, tc.args.lb), make([]float32, tc.args.lc))
		if got != tc.msg {
			t.Errorf("%s: panic %v, want %q", tc.name, got, tc.msg)
		}
	}
	// Legal calls with minimal slices on guard pages: no panic and no fault
	// with FEAT_BF16, the documented panic without.
	var want any
	if !HasBF16 {
		want = noBF16
	}
	for _, x := range []args{full, minimal(3, nr+1), minimal(0, nr), minimal(1, nr), minimal(4, nr)} {
		got := call(x, guardedWords(t, x.la), guardedWords(t, x.lb), testutil.Guarded[float32](t, x.lc))
		if got != want {
			t.Errorf("legal call k=%d ldc=%d: panic %v, want %v", x.k, x.ldc, got, want)
		}
	}
}
