//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/arm64"

// The NEON vector kernels are attached here rather than in the neonISA
// literal (and copied to neonbf16ISA, which shares them); init functions run in file-name order, so this replaces what
// vec.go filled in, and fills the rest with the generic twins again.
func init() {
	neonISA.sv = vecImpl[float32]{dot: arm64.SdotNEON, axpy: arm64.SaxpyNEON, axpby: arm64.SaxpbyNEON, scal: arm64.SscalNEON,
		centre: arm64.ScentreNEON, accsub: arm64.SaccsubNEON}
	neonISA.dv = vecImpl[float64]{dot: arm64.DdotNEON, axpy: arm64.DaxpyNEON, axpby: arm64.DaxpbyNEON, scal: arm64.DscalNEON,
		centre: arm64.DcentreNEON, accsub: arm64.DaccsubNEON}
	neonISA.sv.fill() // no fused centrePanels: the generic fallback
	neonISA.dv.fill()
	neonbf16ISA.sv, neonbf16ISA.dv = neonISA.sv, neonISA.dv
}
