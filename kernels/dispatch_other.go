//go:build !(amd64 || arm64) || purego

package kernels

// archISAs: no assembly in this build, generic only.
func archISAs() []*isa { return nil }
