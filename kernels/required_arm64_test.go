//go:build arm64 && !purego

package kernels

import "golang.org/x/sys/cpu"

// requiredISAs lists the dispatch paths this CPU must be able to use, read
// from the CPU independently of the registry.
func requiredISAs() []string {
	if cpu.ARM64.HasASIMD {
		return []string{"neon"}
	}
	return nil
}
