package fuzz

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/directpred/directpred/ssl"
)

// FuzzSSLReadIDX: ReadIDX never panics; what it accepts is self-consistent
// and survives re-encoding.
func FuzzSSLReadIDX(f *testing.F) {
	f.Add([]byte{0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9})
	f.Add([]byte{0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4})
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		dims, data, err := ssl.ReadIDX(bytes.NewReader(b))
		if err != nil {
			return
		}
		n := 1
		for _, d := range dims {
			n *= d
		}
		if n != len(data) {
			t.Fatalf("dims %v but %d bytes", dims, len(data))
		}
		var enc bytes.Buffer
		enc.Write([]byte{0, 0, 8, byte(len(dims))})
		for _, d := range dims {
			binary.Write(&enc, binary.BigEndian, uint32(d))
		}
		enc.Write(data)
		d2, data2, err := ssl.ReadIDX(&enc)
		if err != nil || len(d2) != len(dims) || !bytes.Equal(data, data2) {
			t.Fatalf("re-encoded file: %v %v", d2, err)
		}
	})
}

func tinyTrainer(t testing.TB) *ssl.Trainer {
	data, err := ssl.NewSynthetic(64, ssl.TwoBlockNoise(2, 0.1, 1), 1)
	if err != nil {
		t.Fatal(err)
	}
	c := ssl.DefaultConfig()
	c.Net = ssl.NetSpec{Backbone: []int{4}, Projector: []int{4, 5, 3}, Bias: true, BNAffine: true}
	c.Batch, c.Steps, c.Epochs, c.DiagEvery = 8, 10, 0, 0
	tr, err := ssl.NewTrainer(c, data)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// FuzzSSLCheckpoint: loading arbitrary bytes never panics, and a file that
// loads is saved back byte for byte.
func FuzzSSLCheckpoint(f *testing.F) {
	dir := f.TempDir()
	tr := tinyTrainer(f)
	for i := 0; i < 3; i++ {
		if _, err := tr.Step(); err != nil {
			f.Fatal(err)
		}
	}
	good := filepath.Join(dir, "good")
	if err := tr.Save(good); err != nil {
		f.Fatal(err)
	}
	b, _ := os.ReadFile(good)
	f.Add(b)
	f.Add(b[:len(b)/2])
	f.Add([]byte("DPSSLCK1"))
	f.Fuzz(func(t *testing.T, in []byte) {
		p := filepath.Join(t.TempDir(), "in")
		if err := os.WriteFile(p, in, 0o644); err != nil {
			t.Fatal(err)
		}
		tr := tinyTrainer(t)
		if err := tr.Load(p); err != nil {
			return
		}
		out := filepath.Join(t.TempDir(), "out")
		if err := tr.Save(out); err != nil {
			t.Fatal(err)
		}
		if b2, _ := os.ReadFile(out); !bytes.Equal(in, b2) {
			t.Fatal("accepted checkpoint does not round-trip")
		}
	})
}
