//go:build !purego

package isaenv

import "golang.org/x/sys/cpu"

// available mirrors kernels/amd64.HasAVX512 and HasAVX2.
func available() []string {
	var a []string
	if cpu.X86.HasAVX512F && cpu.X86.HasBMI2 {
		a = append(a, "avx512")
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		a = append(a, "avx2")
	}
	return append(a, "generic")
}
