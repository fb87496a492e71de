//go:build !purego

package arm64

import (
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRotseqEncoding assembles the GNU mnemonic in the comment of every
// WORD of rotseq_neon_arm64.s (vector FMULs) with the GNU cross-assembler,
// if installed, and compares the bytes.
func TestRotseqEncoding(t *testing.T) {
	words := readWords(t, "rotseq_neon_arm64.s")
	if len(words) == 0 {
		t.Fatal("no WORDs in rotseq_neon_arm64.s")
	}
	for _, w := range words {
		if !strings.HasPrefix(w.mnemonic, "fmul v") {
			t.Errorf("%s:%d: unexpected WORD %q", w.file, w.line, w.mnemonic)
		}
	}
	as, err := exec.LookPath("aarch64-linux-gnu-as")
	if err != nil {
		t.Log("aarch64-linux-gnu-as not on PATH: skipping the cross-check with GNU as (apt-get install binutils-aarch64-linux-gnu)")
		return
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
	if out, err := exec.Command(as, "-o", o, s).CombinedOutput(); err != nil {
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
	for i, w := range words {
		if gnu := binary.LittleEndian.Uint32(text[4*i:]); gnu != w.word {
			t.Errorf("%s:%d: WORD $0x%08X, GNU as encodes %q as 0x%08X", w.file, w.line, w.word, w.mnemonic, gnu)
		}
	}
}
