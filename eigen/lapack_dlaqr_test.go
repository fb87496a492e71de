package eigen

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/lapack/gonum"
	"gonum.org/v1/gonum/lapack/testlapack"
)

// laqrDriver exposes the unexported multishift driver under the name of
// gonum's Dlaqr04, so that gonum's Dlaqr04 suite (random ilo, ihi, iloz,
// ihiz; recursion depths 0-2; workspace queries; known eigenvalues) runs
// on it. Everything else is gonum's.
type laqrDriver struct {
	gonum.Implementation
}

func (laqrDriver) Dlaqr04(wantt, wantz bool, n, ilo, ihi int, h []float64, ldh int, wr, wi []float64, iloz, ihiz int, z []float64, ldz int, work []float64, lwork int, recur int) int {
	return Implementation{}.laqr04(wantt, wantz, n, ilo, ihi, h, ldh, wr, wi, iloz, ihiz, z, ldz, work, lwork, recur)
}

// TestLaqr04 runs gonum's Dlaqr04 suite on the multishift driver.
func TestLaqr04(t *testing.T) {
	if testing.Short() {
		t.Skip("gonum's Dlaqr04 suite runs without -short; TestDhseqrMultishift covers the driver in -short runs")
	}
	testlapack.Dlaqr04Test(t, laqrDriver{})
}

// TestIparmq checks iparmq against LAPACK's IPARMQ at the orders where
// the number of shifts changes (and one in between where rounding the
// logarithm, not truncating it, matters: log₂ 200 = 7.64 → 8, 200/8 = 25
// → 24 shifts, where truncation would give 28), and the derived window
// sizes (3/2 of the shifts above 500) and kacc22 (2 from 14 shifts on).
func TestIparmq(t *testing.T) {
	for _, c := range []struct{ nh, ns int }{
		{1, 2}, {29, 2}, {30, 4}, {59, 4}, {60, 10}, {149, 10},
		{150, 20}, // 150/round(7.23) = 150/7 = 21 → 20
		{200, 24},
		{500, 54}, // 500/round(8.97) = 500/9 = 55 → 54
		{501, 54},
		{589, 64}, // 589/round(9.20) = 589/9 = 65 → 64
		{590, 64}, {1000, 64}, {2999, 64}, {3000, 128}, {5999, 128}, {6000, 256}, {100000, 256},
	} {
		t.Run(fmt.Sprint(c.nh), func(t *testing.T) {
			if got := iparmq(ispecShifts, c.nh); got != c.ns {
				t.Errorf("shifts: got %d, want %d", got, c.ns)
			}
			wantNw := c.ns
			if c.nh > 500 {
				wantNw = 3 * c.ns / 2
			}
			if got := iparmq(ispecWindow, c.nh); got != wantNw {
				t.Errorf("window: got %d, want %d", got, wantNw)
			}
			wantAcc := 0
			if c.ns >= 14 {
				wantAcc = 2
			}
			if got := iparmq(ispecAcc22, c.nh); got != wantAcc {
				t.Errorf("kacc22: got %d, want %d", got, wantAcc)
			}
			if got := iparmq(ispecNmin, c.nh); got != 75 {
				t.Errorf("nmin: got %d, want 75", got)
			}
			if got := iparmq(ispecNibble, c.nh); got != 14 {
				t.Errorf("nibble: got %d, want 14", got)
			}
		})
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("iparmq(11) did not panic")
			}
		}()
		iparmq(11, 100)
	}()
}
