//go:build ignore

// gen writes the embedded Fashion-MNIST subset: the first 300 training and
// the first 100 test images of every class, in file order, as gzip IDX.
//
//	go run ./ssl/fmnist/gen.go /usr/share/datasets/fashion-mnist ssl/fmnist
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"log"
	"os"
	"path/filepath"
)

func read(path string) []byte {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		log.Fatal(err)
	}
	return b
}

func write(path string, header []uint32, magic byte, data []byte) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write([]byte{0, 0, 8, magic})
	for _, h := range header {
		binary.Write(zw, binary.BigEndian, h)
	}
	zw.Write(data)
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}

func main() {
	src, dst := os.Args[1], os.Args[2]
	for _, s := range []struct {
		prefix string
		per    int
	}{{"train", 300}, {"t10k", 100}} {
		img := read(filepath.Join(src, s.prefix+"-images-idx3-ubyte.gz"))[16:]
		lab := read(filepath.Join(src, s.prefix+"-labels-idx1-ubyte.gz"))[8:]
		count := make([]int, 10)
		var px, lb []byte
		for i, l := range lab {
			if count[l] < s.per {
				count[l]++
				px = append(px, img[i*784:(i+1)*784]...)
				lb = append(lb, l)
			}
		}
		n := uint32(len(lb))
		write(filepath.Join(dst, s.prefix+"-images-idx3-ubyte.gz"), []uint32{n, 28, 28}, 3, px)
		write(filepath.Join(dst, s.prefix+"-labels-idx1-ubyte.gz"), []uint32{n}, 1, lb)
	}
}
