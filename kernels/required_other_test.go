//go:build !(amd64 || arm64) || purego

package kernels

// requiredISAs lists the dispatch paths this build must offer on this CPU:
// none beyond generic without assembly.
func requiredISAs() []string { return nil }
