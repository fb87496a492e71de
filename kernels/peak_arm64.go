//go:build !purego

package kernels

import "github.com/directpred/directpred/kernels/arm64"

func peakISA() string { return arm64.FMAPeakISA }

func peakLoop(n int, f64 bool) float64 { return arm64.FMAPeakLoop(n, f64) }
