//go:build !purego && !linux && !darwin

package arm64

// osHasBF16 is false: no cheap, reliable FEAT_BF16 query is wired up for
// this operating system.
func osHasBF16() bool { return false }
