//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/amd64"

// The AVX-512 paths have register-blocked Level 2 kernels in assembly; the
// AVX2 path has dot4 and axpy4 (GEMV, SYMV, TRMV, TRSV) in assembly, its
// rotation and GER on the generic code over its vector kernels.
func init() {
	if amd64.HasAVX512 {
		k := l2Entry{
			s: l2Impl[float32]{dot4: amd64.Sdot4AVX512, axpy4: amd64.Saxpy4AVX512, rot: amd64.SrotAVX512, ger: amd64.SgerAVX512},
			d: l2Impl[float64]{dot4: amd64.Ddot4AVX512, axpy4: amd64.Daxpy4AVX512, rot: amd64.DrotAVX512, ger: amd64.DgerAVX512},
		}
		for _, p := range []*isa{&avx512ISA, &avx512bf16ISA} {
			k.p = p
			l2Table = append(l2Table, k)
		}
	}
	if amd64.HasAVX2 {
		l2Table = append(l2Table, l2Entry{
			p: &avx2ISA,
			s: l2Impl[float32]{dot4: amd64.Sdot4AVX2, axpy4: amd64.Saxpy4AVX2, rot: rotRef[float32], ger: gerVec[float32]},
			d: l2Impl[float64]{dot4: amd64.Ddot4AVX2, axpy4: amd64.Daxpy4AVX2, rot: rotRef[float64], ger: gerVec[float64]},
		})
	}
}
