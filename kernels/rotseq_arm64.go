//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/arm64"

// The NEON paths run the rotation sequences in assembly.
func init() {
	if arm64.HasNEON {
		for _, p := range []*isa{&neonISA, &neonbf16ISA} {
			rotseqTable = append(rotseqTable, rotseqEntry{p: p, s: arm64.SrotseqNEON, d: arm64.DrotseqNEON})
		}
	}
}
