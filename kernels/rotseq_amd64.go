//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/amd64"

// The AVX-512 paths run the rotation sequences in assembly; the AVX2 path
// runs the Go twin rotseqRef.
func init() {
	if amd64.HasAVX512 {
		for _, p := range []*isa{&avx512ISA, &avx512bf16ISA} {
			rotseqTable = append(rotseqTable, rotseqEntry{p: p, s: amd64.SrotseqAVX512, d: amd64.DrotseqAVX512})
		}
	}
}
