//go:build !purego

package amd64

import (
	"fmt"
	"testing"
)

// TestRotseqPanics checks the wrappers' argument checks.
func TestRotseqPanics(t *testing.T) {
	c, s, a := make([]float64, 4), make([]float64, 4), make([]float64, 20)
	for _, tc := range []struct {
		m, n, lc, ls, la, lda int
		ok                    bool
	}{
		{-1, 2, 4, 4, 20, 2, false},
		{2, -1, 4, 4, 20, 2, false},
		{2, 3, 4, 4, 20, 2, false},
		{2, 0, 4, 4, 20, 0, false},
		{4, 3, 2, 4, 20, 3, false},
		{4, 3, 3, 2, 20, 3, false},
		{4, 3, 3, 3, 11, 3, false},
		{4, 3, 3, 3, 12, 3, true},
		{0, 3, 0, 0, 0, 3, true},
		{3, 0, 0, 0, 0, 1, true},
	} {
		t.Run(fmt.Sprintf("%+v", tc), func(t *testing.T) {
			defer func() {
				r := recover()
				if tc.ok && r != nil || !tc.ok && r != badRotseq {
					t.Fatalf("recovered %v, want ok=%v", r, tc.ok)
				}
			}()
			DrotseqAVX512(false, tc.m, tc.n, c[:tc.lc], s[:tc.ls], a[:tc.la], tc.lda)
		})
	}
}
