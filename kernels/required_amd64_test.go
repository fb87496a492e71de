//go:build amd64 && !purego

package kernels

import "golang.org/x/sys/cpu"

// requiredISAs lists the dispatch paths this CPU must be able to use, read
// from the CPU independently of the registry.
func requiredISAs() []string {
	var r []string
	if cpu.X86.HasAVX512F && cpu.X86.HasBMI2 {
		r = append(r, "avx512")
		if cpu.X86.HasAVX512BF16 && cpu.X86.HasAVX512BW {
			r = append(r, "avx512bf16")
		}
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA && cpu.X86.HasBMI2 {
		r = append(r, "avx2")
	}
	return r
}
