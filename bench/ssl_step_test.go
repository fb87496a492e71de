package bench

import (
	"strings"
	"testing"

	"github.com/directpred/directpred/ssl"
)

// stepData serves precomputed 512-d inputs; a view is sample i plus one of
// a pool of precomputed noise rows, so that producing the batch costs a copy
// (as feeding two ready tensors to PyTorch does) and the benchmark measures
// the training step.
type stepData struct {
	n, d  int
	x     []float32
	noise []float32
}

func newStepData(n, d int) *stepData {
	s := &stepData{n: n, d: d, x: make([]float32, n*d), noise: make([]float32, 64*d)}
	r := ssl.NewRNG(99)
	for i := range s.x {
		s.x[i] = float32(r.Norm())
	}
	for i := range s.noise {
		s.noise[i] = float32(0.3 * r.Norm())
	}
	return s
}

func (s *stepData) Len() int        { return s.n }
func (s *stepData) Dim() int        { return s.d }
func (s *stepData) Label(i int) int { return -1 }
func (s *stepData) Input(dst []float32, i int) {
	copy(dst[:s.d], s.x[i*s.d:(i+1)*s.d])
}
func (s *stepData) View(dst []float32, i int, rng *ssl.RNG) {
	k := rng.Intn(64)
	x, e := s.x[i*s.d:(i+1)*s.d], s.noise[k*s.d:(k+1)*s.d]
	for j := range x {
		dst[j] = x[j] + e[j]
	}
}

// BenchmarkSSLStep is one training step of the reference setting:
// float32, batch 256, two views, encoder 512 → 1024 (BN, ReLU) → 256,
// 256×256 predictor (learned linear or DirectPred), symmetric BYOL loss,
// SGD momentum 0.9, weight decay 5e-4, EMA 0.996. PyTorch 1.13 on the
// reference machine: 38.5 ms (linear) and 42.0 ms (DirectPred, 2.8 ms of it
// in eigh) per step on one thread. Reports ms/step, allocations per step,
// and the eigensolver's share (eigen-ms/step). The -bf16 variants run every
// product of the step in bfloat16 (ssl.BF16, PyTorch's CPU autocast).
func BenchmarkSSLStep(b *testing.B) {
	for _, name := range []string{"linear", "directpred", "directpred-cold", "linear-bf16", "directpred-bf16", "directpred-cold-bf16"} {
		b.Run(name, func(b *testing.B) {
			c := ssl.DefaultConfig()
			method, bf16 := strings.CutSuffix(name, "-bf16")
			if bf16 {
				c.Precision = ssl.BF16
			}
			c.Method = ssl.PredictorKind(method)
			if method == "directpred-cold" {
				// Cold eigensolves instead of the default warm start.
				c.Method, c.EigenCold = "directpred", true
			}
			c.Net = ssl.NetSpec{Backbone: []int{512}, Projector: []int{512, 1024, 256}, Bias: true, BNAffine: true}
			c.Batch, c.Steps, c.Epochs = 256, 1<<30, 0
			c.LR, c.Momentum, c.WeightDecay, c.Tau = 0.05, 0.9, 5e-4, 0.996
			c.Eps = 0.1
			c.DiagEvery = 0
			tr, err := ssl.NewTrainer(c, newStepData(4096, 512))
			if err != nil {
				b.Fatal(err)
			}
			for i := 0; i < 3; i++ { // warm-up: buffers, eigensolver workspace
				if _, err := tr.Step(); err != nil {
					b.Fatal(err)
				}
			}
			eig0 := tr.EigenTime()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := tr.Step(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/step")
			b.ReportMetric(float64((tr.EigenTime()-eig0).Microseconds())/1000/float64(b.N), "eigen-ms/step")
		})
	}
}
