//go:build !purego

package amd64

import (
	"bufio"
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// emitted is one byte-encoded instruction of a generated file: its bytes and
// the mnemonic of its comment.
type emitted struct {
	bytes    []byte
	mnemonic string
}

var byteLine = regexp.MustCompile(`^\s*((?:BYTE \$0x[0-9A-F]{2};?\s*)+)// (VDPBF16PS Z(\d+), Z(\d+), Z(\d+))$`)

func readEmitted(t *testing.T, file string) []emitted {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []emitted
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if !strings.Contains(line, "BYTE") {
			continue
		}
		m := byteLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("%s: unrecognised byte-encoded line %q", file, line)
		}
		var e emitted
		for _, f := range strings.Fields(strings.ReplaceAll(m[1], ";", " ")) {
			if f == "BYTE" {
				continue
			}
			v, err := strconv.ParseUint(strings.TrimPrefix(f, "$0x"), 16, 8)
			if err != nil {
				t.Fatal(err)
			}
			e.bytes = append(e.bytes, byte(v))
		}
		e.mnemonic = m[2]
		out = append(out, e)
	}
	return out
}

// decodeVDPBF16PS decodes a register-form EVEX VDPBF16PS with no masking into
// its operands in Go order (src2, src1, dst), failing on anything else.
func decodeVDPBF16PS(b []byte) (src2, src1, dst int, err error) {
	if len(b) != 6 || b[0] != 0x62 || b[4] != 0x52 {
		return 0, 0, 0, fmt.Errorf("not an EVEX opcode 52: % x", b)
	}
	p0, p1, p2, modrm := b[1], b[2], b[3], b[5]
	switch {
	case p0&0x0C != 0 || p0&0x03 != 0x02:
		return 0, 0, 0, fmt.Errorf("map is not 0F38: % x", b)
	case p1&0x80 != 0 || p1&0x04 == 0 || p1&0x03 != 0x02:
		return 0, 0, 0, fmt.Errorf("not W0 with prefix F3: % x", b)
	case p2&0x80 != 0 || p2&0x60 != 0x40 || p2&0x10 != 0 || p2&0x07 != 0:
		return 0, 0, 0, fmt.Errorf("not 512-bit, unmasked, without broadcast: % x", b)
	case modrm&0xC0 != 0xC0:
		return 0, 0, 0, fmt.Errorf("memory operand: % x", b)
	}
	inv := func(v byte, bit byte) int {
		if v&bit == 0 {
			return 1
		}
		return 0
	}
	dst = int(modrm>>3&7) | inv(p0, 0x80)<<3 | inv(p0, 0x10)<<4
	src2 = int(modrm&7) | inv(p0, 0x20)<<3 | inv(p0, 0x40)<<4
	src1 = int(^p1>>3&15) | inv(p2, 0x08)<<4
	return src2, src1, dst, nil
}

// TestBF16Encodings decodes every byte-encoded instruction of the generated
// bfloat16 kernel and checks it against the mnemonic in its comment; where
// the GNU assembler is installed it also assembles the mnemonics and compares
// the bytes.
func TestBF16Encodings(t *testing.T) {
	list := readEmitted(t, "sgemm_bf16_avx512_amd64.s")
	if len(list) == 0 {
		t.Fatal("no byte-encoded instructions found")
	}
	var att strings.Builder
	for _, e := range list {
		s2, s1, d, err := decodeVDPBF16PS(e.bytes)
		if err != nil {
			t.Fatalf("%s: %v", e.mnemonic, err)
		}
		if got := fmt.Sprintf("VDPBF16PS Z%d, Z%d, Z%d", s2, s1, d); got != e.mnemonic {
			t.Fatalf("bytes % x decode to %s, comment says %s", e.bytes, got, e.mnemonic)
		}
		fmt.Fprintf(&att, "vdpbf16ps %%zmm%d, %%zmm%d, %%zmm%d\n", s2, s1, d)
	}
	t.Logf("%d encodings decoded", len(list))

	as, err := exec.LookPath("as")
	if err != nil {
		t.Log("GNU as not installed: the cross-check against it is skipped")
		return
	}
	dir := t.TempDir()
	src, obj := filepath.Join(dir, "t.s"), filepath.Join(dir, "t.o")
	if err := os.WriteFile(src, []byte(att.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(as, "--64", "-o", obj, src).CombinedOutput(); err != nil {
		t.Fatalf("as: %v\n%s", err, out)
	}
	f, err := elf.Open(obj)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	text, err := f.Section(".text").Data()
	if err != nil {
		t.Fatal(err)
	}
	var want []byte
	for _, e := range list {
		want = append(want, e.bytes...)
	}
	if !bytes.Equal(text, want) {
		for i := range list {
			if i*6+6 > len(text) || !bytes.Equal(text[i*6:i*6+6], list[i].bytes) {
				t.Fatalf("%s: generated % x, GNU as % x", list[i].mnemonic, list[i].bytes, text[min(i*6, len(text)):min(i*6+6, len(text))])
			}
		}
		t.Fatalf("GNU as produced %d bytes, the generator %d", len(text), len(want))
	}
}
