//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/amd64"

// The AVX-512 and AVX2 paths run the rotation sequences in assembly.
func init() {
	if amd64.HasAVX512 {
		for _, p := range []*isa{&avx512ISA, &avx512bf16ISA} {
			rotseqTable = append(rotseqTable, rotseqEntry{p: p, s: amd64.SrotseqAVX512, d: amd64.DrotseqAVX512})
		}
	}
	if amd64.HasAVX2 {
		rotseqTable = append(rotseqTable, rotseqEntry{p: &avx2ISA, s: amd64.SrotseqAVX2, d: amd64.DrotseqAVX2})
	}
}
