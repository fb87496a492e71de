//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/arm64"

// The NEON paths (neon and neonbf16, which differ only in the BF16 GEMM
// kernel) have register-blocked Level 2 kernels in assembly: dot4 and axpy4
// (GEMV, SYMV, TRMV, TRSV), the rotation and GER.
func init() {
	if !arm64.HasNEON {
		return
	}
	k := l2Entry{
		s: l2Impl[float32]{dot4: arm64.Sdot4NEON, axpy4: arm64.Saxpy4NEON, rot: arm64.SrotNEON, ger: arm64.SgerNEON},
		d: l2Impl[float64]{dot4: arm64.Ddot4NEON, axpy4: arm64.Daxpy4NEON, rot: arm64.DrotNEON, ger: arm64.DgerNEON},
	}
	for _, p := range []*isa{&neonISA, &neonbf16ISA} {
		k.p = p
		l2Table = append(l2Table, k)
	}
}
