//go:build !purego

package isaenv

// available: every arm64 CPU has Advanced SIMD.
func available() []string { return []string{"neon", "generic"} }
