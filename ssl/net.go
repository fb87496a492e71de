package ssl

import (
	"fmt"
	"strings"
)

// NetSpec describes an MLP encoder: a backbone whose every Linear is followed
// by BatchNorm1d and ReLU (its output is the representation that is probed),
// then a projector whose hidden Linears are followed by BatchNorm1d and ReLU
// and whose last Linear is plain (its output z is what the loss sees).
//
// Backbone[0] is the input width. Backbone = [784, 1024, 1024] and
// Projector = [1024, 512, 128] give 784→1024→1024 (BN, ReLU) →512 (BN,
// ReLU) →128. A one-element Backbone means the representation is the input;
// a one-element Projector means z is the representation.
type NetSpec struct {
	Backbone  []int
	Projector []int
	Bias      bool // bias on every Linear of the encoder
	BNAffine  bool // learned scale/shift in every BatchNorm1d
}

// Validate checks the widths.
func (s NetSpec) Validate() error {
	if len(s.Backbone) < 1 {
		return fmt.Errorf("ssl: backbone needs at least the input width")
	}
	if len(s.Projector) < 1 {
		return fmt.Errorf("ssl: projector needs at least its input width")
	}
	for _, w := range append(append([]int(nil), s.Backbone...), s.Projector...) {
		if w <= 0 || w > 1<<16 {
			return fmt.Errorf("ssl: layer width %d out of range [1, 65536]", w)
		}
	}
	var weights int64
	all := append(append([]int(nil), s.Backbone...), s.Projector[1:]...)
	for i := 1; i < len(all); i++ {
		weights += int64(all[i-1]) * int64(all[i])
	}
	if weights > 1<<28 {
		return fmt.Errorf("ssl: encoder has %d weights, more than the supported 2^28", weights)
	}
	if s.Projector[0] != s.Backbone[len(s.Backbone)-1] {
		return fmt.Errorf("ssl: projector input %d does not match backbone output %d",
			s.Projector[0], s.Backbone[len(s.Backbone)-1])
	}
	return nil
}

// Net is a sequence of layers.
type Net[T Float] struct {
	Layers []Layer[T]
	repr   int // number of layers forming the backbone
	x      []T // last input (representation when repr == 0)
	outs   [][]T
}

// NewNet builds the encoder described by spec, initialising every layer from
// rng in order (PyTorch defaults).
func NewNet[T Float](spec NetSpec, rng *RNG) (*Net[T], error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	n := &Net[T]{}
	for i := 1; i < len(spec.Backbone); i++ {
		in, out := spec.Backbone[i-1], spec.Backbone[i]
		name := fmt.Sprintf("backbone.%d", i-1)
		n.Layers = append(n.Layers, NewLinear[T](name+".linear", in, out, spec.Bias, rng),
			newBatchNormReLU[T](name+".bn", out, spec.BNAffine))
	}
	n.repr = len(n.Layers)
	for i := 1; i < len(spec.Projector); i++ {
		in, out := spec.Projector[i-1], spec.Projector[i]
		name := fmt.Sprintf("projector.%d", i-1)
		n.Layers = append(n.Layers, NewLinear[T](name+".linear", in, out, spec.Bias, rng))
		if i < len(spec.Projector)-1 {
			n.Layers = append(n.Layers, newBatchNormReLU[T](name+".bn", out, spec.BNAffine))
		}
	}
	n.outs = make([][]T, len(n.Layers))
	return n, nil
}

// newBatchNormReLU is BatchNorm1d followed by ReLU, fused in one layer.
func newBatchNormReLU[T Float](name string, n int, affine bool) *BatchNorm1d[T] {
	b := NewBatchNorm1d[T](name, n, affine)
	b.ReLU = true
	return b
}

// setBF16 makes every Linear layer of n multiply in bfloat16 (float32
// accumulation) or back in float32.
func (n *Net[T]) setBF16(on bool) {
	for _, l := range n.Layers {
		if lin, ok := l.(*Linear[T]); ok {
			lin.bf16 = on
		}
	}
}

// In is the input width, Out the output width, ReprDim the representation width.
func (n *Net[T]) In() int {
	if len(n.Layers) == 0 {
		return 0
	}
	return n.Layers[0].In()
}

// Out returns the output width.
func (n *Net[T]) Out() int { return n.Layers[len(n.Layers)-1].Out() }

// ReprDim returns the width of the representation (backbone output).
func (n *Net[T]) ReprDim() int {
	if n.repr == 0 {
		return n.In()
	}
	return n.Layers[n.repr-1].Out()
}

// Forward runs the whole network on rows×In() inputs split in `groups`
// BatchNorm groups; train selects batch (true) or running (false) statistics.
func (n *Net[T]) Forward(x []T, rows, groups int, train bool) []T {
	return n.forward(x, rows, groups, train, len(n.Layers))
}

// Features runs only the backbone in evaluation mode and returns the
// representation (a buffer owned by the network).
func (n *Net[T]) Features(x []T, rows int) []T {
	return n.forward(x, rows, 1, false, n.repr)
}

func (n *Net[T]) forward(x []T, rows, groups int, train bool, upto int) []T {
	n.x = x
	for i, l := range n.Layers[:upto] {
		x = l.Forward(x, rows, groups, train)
		n.outs[i] = x
	}
	return x
}

// Representation returns the backbone output of the last Forward.
func (n *Net[T]) Representation() []T {
	if n.repr == 0 {
		return n.x
	}
	return n.outs[n.repr-1]
}

// Backward propagates dL/dz through the network (after Forward), overwriting
// every parameter gradient, and returns dL/dx when needDx.
func (n *Net[T]) Backward(dy []T, needDx bool) []T {
	for i := len(n.Layers) - 1; i >= 0; i-- {
		dy = n.Layers[i].Backward(dy, needDx || i > 0)
	}
	return dy
}

// Params lists the trainable tensors in a fixed order.
func (n *Net[T]) Params() []*Param[T] {
	var ps []*Param[T]
	for _, l := range n.Layers {
		ps = append(ps, l.Params()...)
	}
	return ps
}

// SetNoGrad marks the network as forward-only (its Backward must not be
// called), which lets BatchNorm skip storing activations.
func (n *Net[T]) SetNoGrad(v bool) {
	for _, l := range n.Layers {
		if b, ok := l.(*BatchNorm1d[T]); ok {
			b.NoGrad = v
		}
	}
}

// Buffers lists the non-trainable state (BatchNorm running statistics).
func (n *Net[T]) Buffers() [][]T {
	var bs [][]T
	for _, l := range n.Layers {
		if b, ok := l.(*BatchNorm1d[T]); ok {
			bs = append(bs, b.RunMean, b.RunVar)
		}
	}
	return bs
}

func (n *Net[T]) String() string {
	parts := make([]string, len(n.Layers))
	for i, l := range n.Layers {
		parts[i] = l.String()
	}
	return strings.Join(parts, " → ")
}
