//go:build !purego

package arm64

// Twenty-four independent accumulator chains per iteration: enough to cover
// the 4-cycle FMLA latency on four 128-bit pipes (Neoverse V1/V2 need 16).
const fmaPeakChains = 24

//go:noescape
func fmaPeakS4(n int)

//go:noescape
func fmaPeakD2(n int)

// FMAPeakISA names the instruction set FMAPeakLoop uses: Advanced SIMD,
// which every arm64 CPU has.
const FMAPeakISA = "neon"

// FMAPeakLoop runs n iterations of fmaPeakChains independent vector FMLA
// chains (4×float32 when f64 is false, 2×float64 when true) and returns the
// number of floating-point operations executed (2 per lane per FMLA). It
// touches no memory; it exists to measure the FMA peak.
func FMAPeakLoop(n int, f64 bool) (flops float64) {
	if n <= 0 {
		return 0
	}
	lanes := 4
	if f64 {
		fmaPeakD2(n)
		lanes = 2
	} else {
		fmaPeakS4(n)
	}
	return float64(n) * fmaPeakChains * float64(lanes) * 2
}
