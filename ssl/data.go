package ssl

import (
	"bytes"
	"embed"
	"fmt"
	"math"
)

//go:embed fmnist/*.gz
var fmnistFS embed.FS

// EmbeddedFashionMNIST returns the embedded balanced subset of Fashion-MNIST
// (3000 training and 1000 test images, 300 and 100 per class; MIT licence in
// fmnist/LICENSE).
func EmbeddedFashionMNIST() (train, test *Images, err error) {
	load := func(prefix string) (*Images, error) {
		img, err := fmnistFS.ReadFile("fmnist/" + prefix + "-images-idx3-ubyte.gz")
		if err != nil {
			return nil, err
		}
		lab, err := fmnistFS.ReadFile("fmnist/" + prefix + "-labels-idx1-ubyte.gz")
		if err != nil {
			return nil, err
		}
		return ReadImages(bytes.NewReader(img), bytes.NewReader(lab))
	}
	if train, err = load("train"); err != nil {
		return nil, nil, err
	}
	if test, err = load("t10k"); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

// Dataset is a source of training inputs. View writes one random view of
// sample i (Dim() values) using rng; Input writes the clean (un-augmented)
// input used for evaluation; Label is the class of sample i or −1. View is
// called concurrently for different samples, so it must not modify shared
// state.
type Dataset interface {
	Len() int
	Dim() int
	View(dst []float32, i int, rng *RNG)
	Input(dst []float32, i int)
	Label(i int) int
}

// Fashion-MNIST standardisation constants.
const (
	FMNISTMean = 0.2860
	FMNISTStd  = 0.3530
)

// ImageDataset serves images with the augmentation pipeline: random resized
// crop (area scale in [ScaleMin, 1], aspect ratio in [3/4, 4/3]), bilinear
// resize back to H×W, horizontal flip with probability 0.5 and
// standardisation (x/255 − Mean)/Std. Augment=false gives standardised
// images only.
type ImageDataset struct {
	Images    *Images
	Augment   bool
	ScaleMin  float64
	Mean, Std float64
}

// NewImageDataset returns an augmenting dataset with the Fashion-MNIST defaults.
func NewImageDataset(im *Images) *ImageDataset {
	return &ImageDataset{Images: im, Augment: true, ScaleMin: 0.5, Mean: FMNISTMean, Std: FMNISTStd}
}

func (d *ImageDataset) Len() int        { return d.Images.N }
func (d *ImageDataset) Dim() int        { return d.Images.H * d.Images.W }
func (d *ImageDataset) Label(i int) int { return int(d.Images.Labels[i]) }

func (d *ImageDataset) Input(dst []float32, i int) {
	n := d.Dim()
	px := d.Images.Pixels[i*n : (i+1)*n]
	for k, v := range px {
		dst[k] = float32((float64(v)/255 - d.Mean) / d.Std)
	}
}

func (d *ImageDataset) View(dst []float32, i int, rng *RNG) {
	if !d.Augment {
		d.Input(dst, i)
		return
	}
	h, w := d.Images.H, d.Images.W
	px := d.Images.Pixels[i*h*w : (i+1)*h*w]
	top, left, ch, cw := randomResizedCrop(h, w, d.ScaleMin, 1, 3.0/4, 4.0/3, rng)
	flip := rng.Float64() < 0.5
	// Bilinear resize (align_corners = false) of the ch×cw crop to h×w.
	sy, sx := float64(ch)/float64(h), float64(cw)/float64(w)
	for y := 0; y < h; y++ {
		fy := math.Max((float64(y)+0.5)*sy-0.5, 0)
		y0 := int(fy)
		y1 := min(y0+1, ch-1)
		wy := fy - float64(y0)
		for x := 0; x < w; x++ {
			fx := math.Max((float64(x)+0.5)*sx-0.5, 0)
			x0 := int(fx)
			x1 := min(x0+1, cw-1)
			wx := fx - float64(x0)
			p := func(yy, xx int) float64 { return float64(px[(top+yy)*w+left+xx]) }
			v := (1-wy)*((1-wx)*p(y0, x0)+wx*p(y0, x1)) + wy*((1-wx)*p(y1, x0)+wx*p(y1, x1))
			ox := x
			if flip {
				ox = w - 1 - x
			}
			dst[y*w+ox] = float32((v/255 - d.Mean) / d.Std)
		}
	}
}

// randomResizedCrop follows torchvision's RandomResizedCrop.get_params.
func randomResizedCrop(h, w int, smin, smax, rmin, rmax float64, rng *RNG) (top, left, ch, cw int) {
	area := float64(h * w)
	lrmin, lrmax := math.Log(rmin), math.Log(rmax)
	for attempt := 0; attempt < 10; attempt++ {
		target := area * rng.Uniform(smin, smax)
		ratio := math.Exp(rng.Uniform(lrmin, lrmax))
		cw = int(math.Round(math.Sqrt(target * ratio)))
		ch = int(math.Round(math.Sqrt(target / ratio)))
		if cw > 0 && cw <= w && ch > 0 && ch <= h {
			top = rng.Intn(h - ch + 1)
			left = rng.Intn(w - cw + 1)
			return
		}
	}
	// Fallback: central crop with the ratio clamped to [rmin, rmax].
	inRatio := float64(w) / float64(h)
	switch {
	case inRatio < rmin:
		cw, ch = w, int(math.Round(float64(w)/rmin))
	case inRatio > rmax:
		ch, cw = h, int(math.Round(float64(h)*rmax))
	default:
		cw, ch = w, h
	}
	return (h - ch) / 2, (w - cw) / 2, ch, cw
}

// SyntheticDataset is the linear theory's generator: N fixed samples
// x ~ N(0, I_dim); each view is x + ξ with ξ_j ~ N(0, NoiseVar[j]) drawn
// fresh. Labels are −1.
type SyntheticDataset struct {
	N, D     int
	NoiseVar []float64
	x        []float32
	std      []float64
}

// NewSynthetic draws n samples of the given dimension from seed. noiseVar
// has one augmentation variance per coordinate.
func NewSynthetic(n int, noiseVar []float64, seed uint64) (*SyntheticDataset, error) {
	if n <= 0 || len(noiseVar) == 0 {
		return nil, fmt.Errorf("ssl: synthetic data needs n > 0 and at least one coordinate")
	}
	s := &SyntheticDataset{N: n, D: len(noiseVar), NoiseVar: append([]float64(nil), noiseVar...)}
	s.std = make([]float64, s.D)
	for j, v := range noiseVar {
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("ssl: noise variance %g of coordinate %d must be finite and ≥ 0", v, j)
		}
		s.std[j] = math.Sqrt(v)
	}
	rng := NewRNG(seed, 0x5917)
	s.x = make([]float32, n*s.D)
	for i := range s.x {
		s.x[i] = float32(rng.Norm())
	}
	return s, nil
}

// TwoBlockNoise returns k low-noise coordinates (variance lo) followed by k
// high-noise ones (variance hi): the "semantic"/"nuisance" blocks.
func TwoBlockNoise(k int, lo, hi float64) []float64 {
	v := make([]float64, 2*k)
	for i := range v {
		v[i] = lo
		if i >= k {
			v[i] = hi
		}
	}
	return v
}

func (s *SyntheticDataset) Len() int        { return s.N }
func (s *SyntheticDataset) Dim() int        { return s.D }
func (s *SyntheticDataset) Label(i int) int { return -1 }
func (s *SyntheticDataset) Input(dst []float32, i int) {
	copy(dst[:s.D], s.x[i*s.D:(i+1)*s.D])
}
func (s *SyntheticDataset) View(dst []float32, i int, rng *RNG) {
	x := s.x[i*s.D : (i+1)*s.D]
	for j := range x {
		dst[j] = x[j] + float32(s.std[j]*rng.Norm())
	}
}
