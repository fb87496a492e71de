//go:build !(amd64 || arm64) || purego

package kernels

func peakISA() string { return "generic" }

func peakLoop(n int, f64 bool) float64 { return genericPeakLoop(n, f64) }
