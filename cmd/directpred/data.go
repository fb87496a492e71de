package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/directpred/directpred/ssl"
)

// dataSet is a training set plus, for labelled data, the clean train and
// test sets the evaluation uses.
type dataSet struct {
	name      string
	train     ssl.Dataset
	evalTrain ssl.Dataset // nil without labels
	evalTest  ssl.Dataset
	desc      string // "28×28 images" etc., for error messages
}

func (d *dataSet) dim() int { return d.train.Dim() }

// synthNoise returns the synthetic data's per-coordinate augmentation
// variances: the first half of the coordinates is "semantic" (variance 0.1),
// the rest "nuisance" (variance 1), as in the theory's two-block model.
func synthNoise(dim int) []float64 {
	v := make([]float64, dim)
	for j := range v {
		v[j] = 0.1
		if j >= dim/2 {
			v[j] = 1
		}
	}
	return v
}

// loadData resolves -data: embedded, synthetic (of input width synthDim),
// fashion-mnist (the Debian package's folder) or a folder of IDX files.
func loadData(spec string, synthDim, synthN int, seed uint64) (*dataSet, error) {
	images := func(name string, train, test *ssl.Images) *dataSet {
		return &dataSet{name: name, train: ssl.NewImageDataset(train),
			evalTrain: ssl.NewImageDataset(train), evalTest: ssl.NewImageDataset(test),
			desc: fmt.Sprintf("%d×%d images, %d values per sample", train.H, train.W, train.H*train.W)}
	}
	switch spec {
	case "embedded":
		tr, te, err := ssl.EmbeddedFashionMNIST()
		if err != nil {
			return nil, fmt.Errorf("embedded Fashion-MNIST: %w", err)
		}
		return images("embedded", tr, te), nil
	case "synthetic":
		if synthN < 2 {
			return nil, usagef("-synthetic-n %d must be at least 2", synthN)
		}
		s, err := ssl.NewSynthetic(synthN, synthNoise(synthDim), seed)
		if err != nil {
			return nil, err
		}
		return &dataSet{name: "synthetic", train: s, desc: fmt.Sprintf("%d values per sample", synthDim)}, nil
	case "fashion-mnist":
		dir, err := findFashionMNIST()
		if err != nil {
			return nil, err
		}
		tr, te, err := ssl.LoadFashionMNIST(dir)
		if err != nil {
			return nil, fmt.Errorf("-data fashion-mnist (%s): %w", dir, err)
		}
		return images("fashion-mnist", tr, te), nil
	}
	st, err := os.Stat(spec)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("-data %s: no such folder (want embedded, synthetic, fashion-mnist or a folder holding the four Fashion-MNIST IDX files)", spec)
		}
		return nil, fmt.Errorf("-data %s: %w", spec, err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("-data %s: not a folder (want a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, raw or .gz)", spec)
	}
	tr, te, err := ssl.LoadFashionMNIST(spec)
	if err != nil {
		return nil, fmt.Errorf("-data %s: %w", spec, err)
	}
	return images(spec, tr, te), nil
}

// fmnistFile is the file whose presence identifies a Fashion-MNIST folder.
const fmnistFile = "train-images-idx3-ubyte"

func isFMNISTDir(dir string) bool {
	for _, name := range []string{fmnistFile, fmnistFile + ".gz"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err == nil && st.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// findFashionMNIST locates the folder of Debian's dataset-fashion-mnist
// package: the known install paths, any */datasets/*fashion*mnist* folder
// under /usr/share and /usr/local/share, and finally the package's file
// list from dpkg.
func findFashionMNIST() (string, error) {
	cands := []string{"/usr/share/datasets/fashion-mnist", "/usr/share/dataset-fashion-mnist", "/usr/local/share/datasets/fashion-mnist"}
	for _, root := range []string{"/usr/share", "/usr/local/share"} {
		for _, pat := range []string{"datasets/*ashion*nist*", "*ashion*nist*", "datasets/*ashion*nist*/*"} {
			m, _ := filepath.Glob(filepath.Join(root, pat))
			cands = append(cands, m...)
		}
	}
	for _, c := range cands {
		if isFMNISTDir(c) {
			return c, nil
		}
	}
	if out, err := exec.Command("dpkg", "-L", "dataset-fashion-mnist").Output(); err == nil {
		for _, line := range strings.Split(string(out), "\n") {
			base := filepath.Base(line)
			if base == fmnistFile || base == fmnistFile+".gz" {
				return filepath.Dir(line), nil
			}
		}
	}
	return "", errors.New("-data fashion-mnist: the Debian package dataset-fashion-mnist is not installed (no " + fmnistFile + "[.gz] under /usr/share/datasets); install it or pass -data DIR")
}
