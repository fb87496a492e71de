//go:build !purego

package arm64

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

// cpuinfoBF16 counts the arm64 "Features" lines of a /proc/cpuinfo and those
// of them that list the flag bf16 (a whole word: x86's avx512_bf16 in a
// "flags" line does not count).
func cpuinfoBF16(info []byte) (features, bf16 int) {
	sc := bufio.NewScanner(bytes.NewReader(info))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || strings.TrimSpace(key) != "Features" {
			continue
		}
		features++
		for _, f := range strings.Fields(val) {
			if f == "bf16" {
				bf16++
				break
			}
		}
	}
	return features, bf16
}

func TestCPUInfoBF16(t *testing.T) {
	const (
		v1  = "processor\t: 0\nBogoMIPS\t: 2100.00\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs paca pacg dcpodp svei8mm svebf16 i8mm bf16 dgh rng\nCPU implementer\t: 0x41\n\n"
		n1  = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs\n\n"
		x86 = "processor\t: 0\nflags\t\t: fpu vme avx512f avx512_bf16 avx512_vnni\n\n"
	)
	cases := []struct {
		name           string
		info           string
		features, bf16 int
	}{
		{"Neoverse V1, 2 CPUs", v1 + strings.Replace(v1, "processor\t: 0", "processor\t: 1", 1), 2, 2},
		{"Neoverse N1", n1, 1, 0},
		{"svebf16 alone is not bf16", strings.Replace(v1, " bf16 ", " ", 1), 1, 0},
		{"x86 host (qemu-user)", x86, 0, 0},
		{"empty", "", 0, 0},
	}
	for _, tc := range cases {
		f, b := cpuinfoBF16([]byte(tc.info))
		if f != tc.features || b != tc.bf16 {
			t.Errorf("%s: cpuinfoBF16 = %d, %d, want %d, %d", tc.name, f, b, tc.features, tc.bf16)
		}
	}
}
