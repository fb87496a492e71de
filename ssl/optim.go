package ssl

import (
	"fmt"
	"math"
)

// SGD is PyTorch's torch.optim.SGD with momentum and coupled weight decay
// (dampening 0, no Nesterov) over a fixed list of float32 parameters.
type SGD struct {
	Momentum    float64
	WeightDecay float64
	params      []*Param[float32]
	bufs        [][]float32
	task        vecTask
}

// NewSGD returns an optimiser over params with zeroed momentum buffers.
func NewSGD(params []*Param[float32], momentum, weightDecay float64) *SGD {
	o := &SGD{Momentum: momentum, WeightDecay: weightDecay, params: params}
	for _, p := range params {
		o.bufs = append(o.bufs, make([]float32, len(p.Data)))
	}
	return o
}

// Step applies one update with learning rate lr using the current gradients.
func (o *SGD) Step(lr float64) {
	for i, p := range o.params {
		sgdMomentumUpdate(&o.task, p.Data, p.Grad, o.bufs[i], float32(lr), float32(o.Momentum), float32(o.WeightDecay))
	}
}

// Schedule kinds for the learning rate and the target EMA.
const (
	ScheduleConstant = "constant"
	ScheduleCosine   = "cosine"
)

// LRAt returns the learning rate at step (0-based) of total steps: kind
// "constant" gives base; "cosine" warms up linearly over warmup steps
// (base·(step+1)/warmup) and then decays as base·½(1+cos(π·(step−warmup)/(total−warmup))).
func LRAt(kind string, base float64, step, warmup, total int) float64 {
	if kind != ScheduleCosine {
		return base
	}
	if step < warmup {
		return base * float64(step+1) / float64(warmup)
	}
	span := total - warmup
	if span <= 0 {
		return base
	}
	f := math.Min(float64(step-warmup)/float64(span), 1)
	return base * 0.5 * (1 + math.Cos(math.Pi*f))
}

// TauAt returns the target EMA coefficient at step of total: "constant"
// gives base; "cosine" is BYOL's τ_k = 1 − (1 − base)(cos(πk/K) + 1)/2,
// rising from base to 1.
func TauAt(kind string, base float64, step, total int) float64 {
	if kind != ScheduleCosine || total <= 0 {
		return base
	}
	f := math.Min(float64(step)/float64(total), 1)
	return 1 - (1-base)*(math.Cos(math.Pi*f)+1)/2
}

func checkSchedule(what, kind string) error {
	if kind != ScheduleConstant && kind != ScheduleCosine {
		return fmt.Errorf("ssl: unknown %s schedule %q (want constant or cosine)", what, kind)
	}
	return nil
}
