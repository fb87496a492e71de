//go:build !purego

package amd64

import (
	"testing"

	"github.com/directpred/directpred/internal/testutil"
)

// TestPackT8 checks the transposing packs against their reference loops on
// minimal-length guarded slices, for every k around the unrolling and with
// padded strides; elements of dst between the packed runs must be untouched.
func TestPackT(t *testing.T) {
	if !HasAVX {
		t.Skip("no AVX")
	}
	testPackT(t, 8, PackT8F32)
	testPackT(t, 8, PackT8F64)
	testPackT(t, 4, PackT4F32)
	testPackT(t, 4, PackT4F64)
}

func testPackT[T float32 | float64](t *testing.T, rows int, pack func(dst []T, ds int, src []T, ld, k int)) {
	for k := 0; k <= 21; k++ {
		for _, ldPad := range []int{0, 3} {
			for _, ds := range []int{rows, 6, 11, 48} {
				if ds < rows {
					continue
				}
				ld := k + ldPad
				src := testutil.Guarded[T](t, max(0, (rows-1)*ld+k))
				for i := range src {
					src[i] = T(i + 1)
				}
				n := max(0, (k-1)*ds+rows)
				dst := testutil.Guarded[T](t, n)
				for i := range dst {
					dst[i] = -1
				}
				pack(dst, ds, src, ld, k)
				for p := 0; p < k; p++ {
					for i := 0; i < ds && p*ds+i < n; i++ {
						want := T(-1)
						if i < rows {
							want = src[i*ld+p]
						}
						if got := dst[p*ds+i]; got != want {
							t.Fatalf("rows=%d k=%d ld=%d ds=%d: dst[%d*ds+%d] = %v, want %v", rows, k, ld, ds, p, i, got, want)
						}
					}
				}
			}
		}
	}
}

func TestPackTPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"k", func() { PackT8F32(make([]float32, 8), 8, make([]float32, 8), 1, -1) }, badK},
		{"ds", func() { PackT8F32(make([]float32, 8), 7, make([]float32, 8), 1, 1) }, badDs},
		{"ld", func() { PackT8F64(make([]float64, 16), 8, make([]float64, 16), 1, 2) }, badLd},
		{"dst", func() { PackT8F64(make([]float64, 15), 8, make([]float64, 16), 2, 2) }, shortC},
		{"src", func() { PackT8F64(make([]float64, 16), 8, make([]float64, 15), 2, 2) }, shortA},
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
