//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/amd64"

func peakISA() string {
	if amd64.FMAPeakISA == "" {
		return "generic"
	}
	return amd64.FMAPeakISA
}

func peakLoop(n int, f64 bool) float64 {
	if amd64.FMAPeakISA == "" {
		return genericPeakLoop(n, f64)
	}
	return amd64.FMAPeakLoop(n, f64)
}
