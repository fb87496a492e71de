//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/arm64"

// Block sizes from BLIS's armv8a/cortexa57 contexts (32 KiB L1d, ≥ 1 MiB L2
// per core class): a KC×NR micro-panel of B is 24 KiB (s) or 16 KiB (d),
// an MC×KC block of A 240 KiB. The NEON kernels compute full tiles only, so
// the driver packs B with zero padding and merges edge tiles from a scratch
// tile.
var neonISA = isa{
	name:      "neon",
	available: arm64.HasNEON,
	s: gemmImpl[float32]{mr: arm64.SgemmNEONMR, nr: arm64.SgemmNEONNR,
		kc: 512, mc: 120, nc: 3072, partial: false, kernel: arm64.SgemmNEON},
	d: gemmImpl[float64]{mr: arm64.DgemmNEONMR, nr: arm64.DgemmNEONNR,
		kc: 256, mc: 120, nc: 3072, partial: false, kernel: arm64.DgemmNEON},
}

// neonbf16ISA is the NEON path plus the FEAT_BF16 (BFDOT) kernel for
// SgemmBF16 and BF16gemm; KC counts elements of k, so a pair panel row takes
// the bytes of a float32 one of half its length.
var neonbf16ISA = func() isa {
	p := neonISA
	p.name = "neonbf16"
	p.available = arm64.HasBF16
	p.sb = gemmImpl[float32]{mr: arm64.SgemmBF16NEONMR, nr: arm64.SgemmBF16NEONNR,
		kc: 1024, mc: 120, nc: 3072, partial: false, pairKernel: arm64.SgemmBF16NEON}
	return p
}()

func archISAs() []*isa { return []*isa{&neonbf16ISA, &neonISA} }
