//go:build !purego

package arm64

import (
	"bufio"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// generatedAsm lists the files written by ./_gen and ./_genl2 (their WORD
// comments are GNU mnemonics).
var generatedAsm = []string{"sgemm_neon_arm64.s", "dgemm_neon_arm64.s", "sgemm_bf16_neon_arm64.s", "level2_neon_arm64.s"}

var (
	wordLine  = regexp.MustCompile(`^\s*WORD \$0x([0-9A-Fa-f]{8}) // (.+)$`)
	bfdotLine = regexp.MustCompile(`^bfdot v(\d+)\.4s, v(\d+)\.8h, v(\d+)\.2h\[(\d)\]$`)
)

type asmWord struct {
	file     string
	line     int
	word     uint32
	mnemonic string
}

// readWords returns every WORD of a generated file with the mnemonic in its
// comment.
func readWords(t *testing.T, file string) []asmWord {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ws []asmWord
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if !strings.HasPrefix(strings.TrimSpace(line), "WORD") {
			continue
		}
		m := wordLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("%s:%d: WORD without a mnemonic comment: %q", file, n, line)
		}
		w, _ := strconv.ParseUint(m[1], 16, 32)
		ws = append(ws, asmWord{file, n, uint32(w), m[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return ws
}

// TestBFDOTEncoding decodes every BFDOT WORD of the BF16 kernel — fixed bits
// 0 1 0 0 1 1 1 1 0 1 L M Rm 1 1 1 1 H 0 Rn Rd (Q = 1), Vm = M:Rm, index =
// H:L — and compares the fields with the mnemonic in its comment; then, if
// the GNU cross-assembler is installed, assembles the mnemonics of every
// WORD of the generated files and compares the bytes.
func TestBFDOTEncoding(t *testing.T) {
	n := 0
	for _, w := range readWords(t, "sgemm_bf16_neon_arm64.s") {
		m := bfdotLine.FindStringSubmatch(w.mnemonic)
		if m == nil {
			continue
		}
		n++
		var want [4]uint32
		for i := range want {
			v, _ := strconv.Atoi(m[i+1])
			want[i] = uint32(v)
		}
		x := w.word
		got := [4]uint32{x & 31, x >> 5 & 31, x >> 16 & 31, x>>11&1<<1 | x>>21&1}
		if x&0xFFC0F400 != 0x4F40F000 || got != want {
			t.Errorf("%s:%d: %#08x decodes to fixed bits %#08x, Vd=%d Vn=%d Vm=%d index=%d; comment says %q",
				w.file, w.line, x, x&0xFFC0F400, got[0], got[1], got[2], got[3], w.mnemonic)
		}
	}
	// 8×12 tile: 24 BFDOTs per k-pair, 4 k-pairs in the unrolled loop, 1 in the tail.
	if n != 24*5 {
		t.Errorf("found %d BFDOT WORDs, want %d", n, 24*5)
	}

	as, err := exec.LookPath("aarch64-linux-gnu-as")
	if err != nil {
		t.Log("aarch64-linux-gnu-as not on PATH: skipping the cross-check with GNU as (apt-get install binutils-aarch64-linux-gnu)")
		return
	}
	var words []asmWord
	for _, f := range generatedAsm {
		words = append(words, readWords(t, f)...)
	}
	dir := t.TempDir()
	var src strings.Builder
	src.WriteString("\t.text\n")
	for _, w := range words {
		fmt.Fprintf(&src, "\t%s\n", w.mnemonic)
	}
	s, o := filepath.Join(dir, "words.s"), filepath.Join(dir, "words.o")
	if err := os.WriteFile(s, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(as, "-march=armv8.6-a+bf16", "-o", o, s).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", as, err, out)
	}
	obj, err := elf.Open(o)
	if err != nil {
		t.Fatal(err)
	}
	defer obj.Close()
	text, err := obj.Section(".text").Data()
	if err != nil {
		t.Fatal(err)
	}
	if len(text) != 4*len(words) {
		t.Fatalf("GNU as emitted %d bytes for %d instructions", len(text), len(words))
	}
	logged, bad := false, 0
	for i, w := range words {
		gnu := binary.LittleEndian.Uint32(text[4*i:])
		if gnu != w.word {
			bad++
			t.Errorf("%s:%d: WORD $0x%08X, GNU as encodes %q as 0x%08X", w.file, w.line, w.word, w.mnemonic, gnu)
		}
		if !logged && strings.HasPrefix(w.mnemonic, "bfdot") {
			t.Logf("e.g. %s:%d: %s = 0x%08X (GNU as: 0x%08X)", w.file, w.line, w.mnemonic, w.word, gnu)
			logged = true
		}
	}
	if bad == 0 {
		t.Logf("all %d WORDs of %d generated files match GNU as", len(words), len(generatedAsm))
	}
}
