package ssl

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// writeOldCheckpoint writes t's state in the layout of format 1 or 2
// (F̂ stored as one d×d tensor, no accumulator count; format 1 also without
// the warm-start back-off).
func writeOldCheckpoint(t *testing.T, tr *Trainer, magic, path string) {
	var buf bytes.Buffer
	buf.WriteString(magic)
	w := func(v uint64) { binary.Write(&buf, binary.LittleEndian, v) }
	header := []uint64{tr.fingerprint(), uint64(tr.step), uint64(tr.skips), boolU64(tr.corr.Have), boolU64(tr.setter.HaveU)}
	if magic == ckptMagicV2 { // format 2 added the warm-start back-off
		header = append(header, uint64(tr.setter.warmSkip), uint64(tr.setter.warmBackoff))
	}
	for _, v := range header {
		w(v)
	}
	for _, a := range tr.state32() {
		w(uint64(len(a)))
		for _, v := range a {
			binary.Write(&buf, binary.LittleEndian, math.Float32bits(v))
		}
	}
	for _, a := range [][]float64{tr.corr.F, tr.setter.U, tr.setter.v} {
		w(uint64(len(a)))
		for _, v := range a {
			w(math.Float64bits(v))
		}
	}
	sum := sha256.Sum256(buf.Bytes())
	buf.Write(sum[:])
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckpointOldFormats loads checkpoints of formats 1 and 2, which
// stored F̂ itself: the resumed trainer has the same F̂ bit for bit, the same
// parameters and warm-start state, and keeps training.
func TestCheckpointOldFormats(t *testing.T) {
	train, _, _ := EmbeddedFashionMNIST()
	data := NewImageDataset(train)
	c := smallImageConfig(PredDirectPred)
	dir := t.TempDir()
	src, _ := NewTrainer(c, data)
	for i := 0; i < 3; i++ {
		if _, err := src.Step(); err != nil {
			t.Fatal(err)
		}
	}
	src.syncPredictor()
	for _, magic := range []string{ckptMagicV1, ckptMagicV2} {
		path := filepath.Join(dir, magic)
		writeOldCheckpoint(t, src, magic, path)
		got, _ := NewTrainer(c, data)
		if err := got.Load(path); err != nil {
			t.Fatalf("%s: %v", magic, err)
		}
		if got.StepIndex() != 3 || !got.corr.Have || !got.setter.HaveU {
			t.Fatalf("%s: step %d, F̂ %v, U %v", magic, got.StepIndex(), got.corr.Have, got.setter.HaveU)
		}
		for i, v := range src.corr.F {
			if math.Float64bits(got.corr.F[i]) != math.Float64bits(v) {
				t.Fatalf("%s: F̂[%d] = %v, want %v", magic, i, got.corr.F[i], v)
			}
		}
		a, b := src.state32(), got.state32()
		for i := range a {
			if !equal32(a[i], b[i]) {
				t.Fatalf("%s: tensor %d differs", magic, i)
			}
		}
		if magic == ckptMagicV2 && (got.setter.warmSkip != src.setter.warmSkip || got.setter.warmBackoff != src.setter.warmBackoff) {
			t.Fatalf("%s: back-off %d/%d, want %d/%d", magic, got.setter.warmSkip, got.setter.warmBackoff, src.setter.warmSkip, src.setter.warmBackoff)
		}
		if _, err := got.Step(); err != nil {
			t.Fatalf("%s: step after load: %v", magic, err)
		}
	}
}
