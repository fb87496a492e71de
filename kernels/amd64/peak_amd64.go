//go:build !purego

package amd64

import "golang.org/x/sys/cpu"

// Twelve independent accumulator chains per iteration: enough to cover the
// 4-cycle FMA latency on two pipes (Zen 4, Ice Lake and later need 8).
const fmaPeakChains = 12

//go:noescape
func fmaPeakZ32(n int)

//go:noescape
func fmaPeakZ64(n int)

//go:noescape
func fmaPeakY32(n int)

//go:noescape
func fmaPeakY64(n int)

// FMAPeakISA names the instruction set FMAPeakLoop uses on this CPU:
// "avx512" (512-bit VFMADD231PS/PD), "avx2" (256-bit, FMA3) or "" (none;
// FMAPeakLoop does nothing).
var FMAPeakISA = func() string {
	switch {
	case cpu.X86.HasAVX512F:
		return "avx512"
	case cpu.X86.HasAVX && cpu.X86.HasFMA:
		return "avx2"
	}
	return ""
}()

// FMAPeakLoop runs n iterations of fmaPeakChains independent
// VFMADD231PS (f64 false) or VFMADD231PD (f64 true) chains on the widest
// vectors this CPU has and returns the number of floating-point operations
// executed (2 per lane per FMA), or 0 when the CPU has no FMA (FMAPeakISA
// is ""). It touches no memory; it exists to measure the FMA peak.
func FMAPeakLoop(n int, f64 bool) (flops float64) {
	if n <= 0 {
		return 0
	}
	lanes := 0
	switch FMAPeakISA {
	case "avx512":
		lanes = 16
		if f64 {
			fmaPeakZ64(n)
		} else {
			fmaPeakZ32(n)
		}
	case "avx2":
		lanes = 8
		if f64 {
			fmaPeakY64(n)
		} else {
			fmaPeakY32(n)
		}
	default:
		return 0
	}
	if f64 {
		lanes /= 2
	}
	return float64(n) * fmaPeakChains * float64(lanes) * 2
}
