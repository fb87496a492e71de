//go:build !purego

package arm64

import (
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

type microFunc[T float32 | float64] func(k int, alpha T, a, b []T, rsb int, beta T, c []T, ldc, m, n int)

// tileArgs are the arguments of one micro-kernel call.
type tileArgs struct {
	k, rsb, ldc, m, n int
	la, lb, lc        int
}

// minimal returns the arguments of a full tile with minimal slices.
func minimal(mr, nr, k, rsb, ldc int) tileArgs {
	return tileArgs{k: k, rsb: rsb, ldc: ldc, m: mr, n: nr,
		la: mr * k, lb: max(0, (k-1)*rsb+nr), lc: (mr-1)*ldc + nr}
}

// testPanics checks that the wrapper rejects every violation of its
// full-tile contract with the documented message before the assembly runs,
// and accepts minimal slices (on guard pages).
func testPanics[T float32 | float64](t *testing.T, f microFunc[T], mr, nr int) {
	full := minimal(mr, nr, 5, nr, nr)
	with := func(mod func(a *tileArgs)) tileArgs { a := full; mod(&a); return a }
	cases := []struct {
		name string
		args tileArgs
		msg  string
	}{
		{"m>MR", with(func(a *tileArgs) { a.m = mr + 1 }), badTile},
		{"m<MR", with(func(a *tileArgs) { a.m = mr - 1 }), badTile},
		{"n>NR", with(func(a *tileArgs) { a.n = nr + 1 }), badTile},
		{"n<NR", with(func(a *tileArgs) { a.n = nr - 1 }), badTile},
		{"m=0", with(func(a *tileArgs) { a.m = 0 }), badTile},
		{"k<0", with(func(a *tileArgs) { a.k = -1 }), badK},
		{"rsb<NR", with(func(a *tileArgs) { a.rsb = nr - 1 }), badRsb},
		{"ldc<NR", with(func(a *tileArgs) { a.ldc = nr - 1 }), badLdc},
		{"short a", with(func(a *tileArgs) { a.la-- }), shortA},
		{"short b", with(func(a *tileArgs) { a.lb-- }), shortB},
		{"short c", with(func(a *tileArgs) { a.lc-- }), shortC},
		{"short b padded", func() tileArgs { a := minimal(mr, nr, 4, nr+3, nr); a.lb--; return a }(), shortB},
		{"short c padded", func() tileArgs { a := minimal(mr, nr, 4, nr, nr+2); a.lc--; return a }(), shortC},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := make([]T, tc.args.la)
			b := make([]T, tc.args.lb)
			c := make([]T, tc.args.lc)
			defer func() {
				r := recover()
				if r != tc.msg {
					t.Errorf("panic %v, want %q", r, tc.msg)
				}
			}()
			f(tc.args.k, 1, a, b, tc.args.rsb, 0, c, tc.args.ldc, tc.args.m, tc.args.n)
		})
	}
	if !HasNEON {
		return
	}
	// Legal calls with minimal slices must not panic (and must not fault:
	// the slices end at a guard page).
	for _, args := range []tileArgs{full, minimal(mr, nr, 3, nr+3, nr+1), minimal(mr, nr, 0, nr, nr), minimal(mr, nr, 1, nr, nr)} {
		a := testutil.Guarded[T](t, args.la)
		b := testutil.Guarded[T](t, args.lb)
		c := testutil.Guarded[T](t, args.lc)
		f(args.k, 1, a, b, args.rsb, 1, c, args.ldc, args.m, args.n)
	}
}

func TestSgemmNEONPanics(t *testing.T) { testPanics(t, SgemmNEON, SgemmNEONMR, SgemmNEONNR) }

func TestDgemmNEONPanics(t *testing.T) { testPanics(t, DgemmNEON, DgemmNEONMR, DgemmNEONNR) }
