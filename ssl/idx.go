package ssl

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// maxIDXBytes bounds the payload of one IDX file (Fashion-MNIST's largest is
// 47 MB), so that a corrupt header cannot make the reader allocate wildly.
const maxIDXBytes = 1 << 30

// ReadIDX parses an IDX file of unsigned bytes (type 0x08), raw or gzip
// compressed, and returns its dimensions and data. Malformed headers,
// unsupported element types, truncated payloads and trailing bytes are
// errors.
func ReadIDX(r io.Reader) (dims []int, data []byte, err error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, nil, fmt.Errorf("idx: bad gzip header: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, nil, fmt.Errorf("idx: truncated header: %w", err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, nil, fmt.Errorf("idx: bad magic %x (not an IDX file)", magic)
	}
	if magic[2] != 0x08 {
		return nil, nil, fmt.Errorf("idx: element type 0x%02x unsupported (want 0x08, unsigned byte)", magic[2])
	}
	nd := int(magic[3])
	if nd < 1 || nd > 4 {
		return nil, nil, fmt.Errorf("idx: %d dimensions unsupported (want 1 to 4)", nd)
	}
	var total int64 = 1
	dims = make([]int, nd)
	for i := range dims {
		var d uint32
		if err := binary.Read(br, binary.BigEndian, &d); err != nil {
			return nil, nil, fmt.Errorf("idx: truncated header (dimension %d): %w", i, err)
		}
		if d == 0 || d > maxIDXBytes {
			return nil, nil, fmt.Errorf("idx: dimension %d has size %d", i, d)
		}
		dims[i] = int(d)
		total *= int64(d)
		if total > maxIDXBytes {
			return nil, nil, fmt.Errorf("idx: payload of %v elements is too large", dims[:i+1])
		}
	}
	data = make([]byte, total)
	n, err := io.ReadFull(br, data)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, nil, fmt.Errorf("idx: truncated payload: header %v promises %d bytes, file has %d", dims, total, n)
		}
		return nil, nil, fmt.Errorf("idx: reading payload: %w", err)
	}
	var extra [1]byte
	if k, _ := br.Read(extra[:]); k != 0 {
		return nil, nil, fmt.Errorf("idx: trailing bytes after the %d promised by header %v", total, dims)
	}
	return dims, data, nil
}

// Images is a labelled set of 8-bit grayscale images.
type Images struct {
	N, H, W int
	Pixels  []byte // N×H×W
	Labels  []byte // N
}

// ReadImages parses an images file (3-d IDX) and a labels file (1-d IDX).
func ReadImages(images, labels io.Reader) (*Images, error) {
	dims, px, err := ReadIDX(images)
	if err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	if len(dims) != 3 {
		return nil, fmt.Errorf("images: want a 3-d IDX file, got dimensions %v", dims)
	}
	ldims, lb, err := ReadIDX(labels)
	if err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	if len(ldims) != 1 {
		return nil, fmt.Errorf("labels: want a 1-d IDX file, got dimensions %v", ldims)
	}
	if ldims[0] != dims[0] {
		return nil, fmt.Errorf("images: %d images but %d labels", dims[0], ldims[0])
	}
	for i, l := range lb {
		if l > 9 {
			return nil, fmt.Errorf("labels: label %d of sample %d out of range 0..9", l, i)
		}
	}
	return &Images{N: dims[0], H: dims[1], W: dims[2], Pixels: px, Labels: lb}, nil
}

// LoadFashionMNIST reads the four standard files (train-images-idx3-ubyte
// etc., optionally .gz) from dir, e.g. /usr/share/datasets/fashion-mnist
// from Debian's dataset-fashion-mnist package.
func LoadFashionMNIST(dir string) (train, test *Images, err error) {
	load := func(prefix string) (*Images, error) {
		img, err := openMaybeGz(filepath.Join(dir, prefix+"-images-idx3-ubyte"))
		if err != nil {
			return nil, err
		}
		lab, err := openMaybeGz(filepath.Join(dir, prefix+"-labels-idx1-ubyte"))
		if err != nil {
			return nil, err
		}
		ims, err := ReadImages(bytes.NewReader(img), bytes.NewReader(lab))
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", dir, prefix, err)
		}
		return ims, nil
	}
	if train, err = load("train"); err != nil {
		return nil, nil, err
	}
	if test, err = load("t10k"); err != nil {
		return nil, nil, err
	}
	if train.H != test.H || train.W != test.W {
		return nil, nil, fmt.Errorf("fashion-mnist: train images %d×%d but test %d×%d", train.H, train.W, test.H, test.W)
	}
	return train, test, nil
}

func openMaybeGz(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		return b, nil
	}
	if b2, err2 := os.ReadFile(path + ".gz"); err2 == nil {
		return b2, nil
	}
	return nil, fmt.Errorf("fashion-mnist: %w (also tried %s.gz)", err, filepath.Base(path))
}
