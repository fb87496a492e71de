//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/amd64"

// The AVX-512 paths have register-blocked Level 2 kernels in assembly; the
// AVX2 path uses the generic blocking on its dot and axpy kernels.
func init() {
	if !amd64.HasAVX512 {
		return
	}
	k := l2Entry{
		s: l2Impl[float32]{dot4: amd64.Sdot4AVX512, axpy4: amd64.Saxpy4AVX512, rot: amd64.SrotAVX512, ger: amd64.SgerAVX512},
		d: l2Impl[float64]{dot4: amd64.Ddot4AVX512, axpy4: amd64.Daxpy4AVX512, rot: amd64.DrotAVX512, ger: amd64.DgerAVX512},
	}
	for _, p := range []*isa{&avx512ISA, &avx512bf16ISA} {
		k.p = p
		l2Table = append(l2Table, k)
	}
}
