//go:build !purego

package amd64

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

// minimal returns the arguments of an m×n tile with minimal slices.
func minimal(mr, k, rsb, ldc, m, n int) tileArgs {
	return tileArgs{k: k, rsb: rsb, ldc: ldc, m: m, n: n,
		la: mr * k, lb: max(0, (k-1)*rsb+n), lc: max(0, (m-1)*ldc+n)}
}

// testPanics checks that the wrapper rejects every violation of its contract
// with the documented message before the assembly runs, and accepts minimal
// slices (on guard pages) for full and partial tiles.
func testPanics[T float32 | float64](t *testing.T, f microFunc[T], mr, nr int, avail bool) {
	full := minimal(mr, 5, nr, nr, mr, nr)
	cases := []struct {
		name string
		args tileArgs
		msg  string
	}{
		{"m>MR", func() tileArgs { a := full; a.m = mr + 1; return a }(), badTile},
		{"n>NR", func() tileArgs { a := full; a.n = nr + 1; return a }(), badTile},
		{"m<0", func() tileArgs { a := full; a.m = -1; return a }(), badTile},
		{"n<0", func() tileArgs { a := full; a.n = -1; return a }(), badTile},
		{"k<0", func() tileArgs { a := full; a.k = -1; return a }(), badK},
		{"rsb<n", func() tileArgs { a := full; a.rsb = nr - 1; return a }(), badRsb},
		{"ldc<n", func() tileArgs { a := full; a.ldc = nr - 1; return a }(), badLdc},
		{"short a", func() tileArgs { a := full; a.la--; return a }(), shortA},
		{"short b", func() tileArgs { a := full; a.lb--; return a }(), shortB},
		{"short c", func() tileArgs { a := full; a.lc--; return a }(), shortC},
		{"short b partial", func() tileArgs { a := minimal(mr, 4, nr+3, nr, mr, nr-1); a.lb--; return a }(), shortB},
		{"short c partial", func() tileArgs { a := minimal(mr, 4, nr, nr+2, mr-1, nr); a.lc--; return a }(), shortC},
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
	if !avail {
		return
	}
	// Legal calls with minimal slices must not panic (and must not fault:
	// the slices end at a guard page). Empty tiles do nothing.
	for _, args := range []tileArgs{full, minimal(mr, 3, nr+3, nr+1, mr-1, nr-1), minimal(mr, 0, 1, 1, 1, 1), minimal(mr, 2, 1, 1, 1, 1)} {
		a := testutil.Guarded[T](t, args.la)
		b := testutil.Guarded[T](t, args.lb)
		c := testutil.Guarded[T](t, args.lc)
		f(args.k, 1, a, b, args.rsb, 1, c, args.ldc, args.m, args.n)
	}
	f(3, 1, nil, nil, 0, 0, nil, 0, 0, 0)
	f(3, 1, nil, nil, 0, 0, nil, 0, mr, 0)
}

func TestSgemmAVX512Panics(t *testing.T) {
	testPanics(t, SgemmAVX512, SgemmAVX512MR, SgemmAVX512NR, HasAVX512)
}

func TestDgemmAVX512Panics(t *testing.T) {
	testPanics(t, DgemmAVX512, DgemmAVX512MR, DgemmAVX512NR, HasAVX512)
}

func TestSgemmAVX2Panics(t *testing.T) {
	testPanics(t, SgemmAVX2, SgemmAVX2MR, SgemmAVX2NR, HasAVX2)
}

func TestDgemmAVX2Panics(t *testing.T) {
	testPanics(t, DgemmAVX2, DgemmAVX2MR, DgemmAVX2NR, HasAVX2)
}
