//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/amd64"

// Block sizes (the BLIS cntx_init analogue). Zen 4 has 32 KiB L1d, 1 MiB L2
// per core: a KC×NR micro-panel of B plus an MR×KC panel of A stream from L1
// and L2, an MC×KC block of A stays in L2, a KC×NC block of B in L3.
var avx512ISA = isa{
	name:      "avx512",
	available: amd64.HasAVX512,
	s: gemmImpl[float32]{mr: amd64.SgemmAVX512MR, nr: amd64.SgemmAVX512NR,
		kc: 512, mc: 96, nc: 4032, partial: true, kernel: amd64.SgemmAVX512, pack8: amd64.PackT8F32, pack4: amd64.PackT4F32,
		strided: amd64.SgemmAVX512Strided, packRuns: amd64.SpackRuns8},
	d: gemmImpl[float64]{mr: amd64.DgemmAVX512MR, nr: amd64.DgemmAVX512NR,
		kc: 384, mc: 96, nc: 4032, partial: true, kernel: amd64.DgemmAVX512, pack8: amd64.PackT8F64, pack4: amd64.PackT4F64,
		strided: amd64.DgemmAVX512Strided, packRuns: amd64.DpackRuns8},
	sv: vecImpl[float32]{dot: amd64.SdotAVX512, axpy: amd64.SaxpyAVX512, axpby: amd64.SaxpbyAVX512, scal: amd64.SscalAVX512,
		centre: amd64.ScentreAVX512, accsub: amd64.SaccsubAVX512, packRuns8: amd64.SpackRuns8, centrePanels: amd64.ScentrePanelsAVX512},
	dv: vecImpl[float64]{dot: amd64.DdotAVX512, axpy: amd64.DaxpyAVX512, axpby: amd64.DaxpbyAVX512, scal: amd64.DscalAVX512,
		centre: amd64.DcentreAVX512, accsub: amd64.DaccsubAVX512, packRuns8: amd64.DpackRuns8, centrePanels: amd64.DcentrePanelsAVX512},
	bf: avx512BF16Conv,
	bn: bnImpl{stats: amd64.BNStatsAVX512, normalise: amd64.BNNormaliseAVX512,
		gradStats: amd64.BNGradStatsAVX512, gradInput: amd64.BNGradInputAVX512},
}

// The bfloat16 conversions of the AVX-512 paths and of the AVX2 path
// (integer operations only: no BF16 instructions needed).
var (
	avx512BF16Conv = bf16Impl{
		toBF16:   func(dst []BF16, src []float32) { amd64.ToBF16AVX512(bf16Bits(dst), src) },
		fromBF16: func(dst []float32, src []BF16) { amd64.FromBF16AVX512(dst, bf16Bits(src)) },
		round:    amd64.RoundBF16AVX512,
		pairs:    amd64.PairsBF16AVX512,
		pairsOf: func(dst []uint32, r0, r1 []BF16) {
			amd64.PairsOfBF16AVX512(dst, bf16Bits(r0), bf16Bits(r1))
		},
		pairsPanels: amd64.PairsPanelsBF16AVX512,
	}
	avx2BF16Conv = bf16Impl{
		toBF16:   func(dst []BF16, src []float32) { amd64.ToBF16AVX2(bf16Bits(dst), src) },
		fromBF16: func(dst []float32, src []BF16) { amd64.FromBF16AVX2(dst, bf16Bits(src)) },
		round:    amd64.RoundBF16AVX2,
		pairs:    amd64.PairsBF16AVX2,
		pairsOf: func(dst []uint32, r0, r1 []BF16) {
			amd64.PairsOfBF16AVX2(dst, bf16Bits(r0), bf16Bits(r1))
		},
	}
)

// avx512bf16ISA is the AVX-512 path plus the AVX512_BF16 kernel for
// SgemmBF16 and BF16gemm. A k-pair panel row holds as many bytes as a float32
// one of half the length, so KC is twice Sgemm's for the same cache
// footprint.
var avx512bf16ISA = func() isa {
	p := avx512ISA
	p.name = "avx512bf16"
	p.available = amd64.HasAVX512BF16
	p.sb = gemmImpl[float32]{mr: amd64.SgemmBF16AVX512MR, nr: amd64.SgemmBF16AVX512NR,
		kc: 1024, mc: 96, nc: 4032, partial: true, pairKernel: amd64.SgemmBF16AVX512,
		pack8: amd64.PackT8F32, pack4: amd64.PackT4F32}
	return p
}()

// AVX2 blocks were tuned on Zen 4 starting from BLIS's haswell/zen2/zen3
// contexts (KC 256, MC 144 | 72): the larger KC halves the passes over C and
// the calls per flop; a KC×NR micro-panel of B is 32 KiB (s) or 24 KiB (d),
// streamed from L1/L2, an MC×KC block of A 384 KiB (s) or 288 KiB (d) in L2.
var avx2ISA = isa{
	name:      "avx2",
	available: amd64.HasAVX2,
	s: gemmImpl[float32]{mr: amd64.SgemmAVX2MR, nr: amd64.SgemmAVX2NR,
		kc: 512, mc: 192, nc: 4080, partial: true, kernel: amd64.SgemmAVX2, pack8: amd64.PackT8F32, pack4: amd64.PackT4F32},
	d: gemmImpl[float64]{mr: amd64.DgemmAVX2MR, nr: amd64.DgemmAVX2NR,
		kc: 384, mc: 96, nc: 4080, partial: true, kernel: amd64.DgemmAVX2, pack8: amd64.PackT8F64, pack4: amd64.PackT4F64},
	sv: vecImpl[float32]{dot: amd64.SdotAVX2, axpy: amd64.SaxpyAVX2, axpby: amd64.SaxpbyAVX2, scal: amd64.SscalAVX2,
		centre: amd64.ScentreAVX2, accsub: amd64.SaccsubAVX2, packRuns8: amd64.SpackRuns8},
	dv: vecImpl[float64]{dot: amd64.DdotAVX2, axpy: amd64.DaxpyAVX2, axpby: amd64.DaxpbyAVX2, scal: amd64.DscalAVX2,
		centre: amd64.DcentreAVX2, accsub: amd64.DaccsubAVX2, packRuns8: amd64.DpackRuns8},
	bf: avx2BF16Conv,
}

func archISAs() []*isa { return []*isa{&avx512bf16ISA, &avx512ISA, &avx2ISA} }
