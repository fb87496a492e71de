package ssl

import (
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

// Schedule is the shape of the learning rate or the target EMA coefficient
// over a run (Config.LRSchedule, Config.TauSchedule); its value is its name.
type Schedule string

// The schedules.
const (
	ScheduleConstant Schedule = "constant"
	ScheduleCosine   Schedule = "cosine"
)

// Set parses s into k (flag.Value).
func (k *Schedule) Set(s string) error {
	return setName(k, "schedule", s, ScheduleConstant, ScheduleCosine)
}

// String returns the schedule's name (flag.Value).
func (k *Schedule) String() string { return string(*k) }

// LRAt returns the learning rate at step (0-based) of total steps: kind
// "constant" gives base; "cosine" warms up linearly over warmup steps
// (base·(step+1)/warmup) and then decays as base·½(1+cos(π·(step−warmup)/(total−warmup))).
func LRAt(kind Schedule, base float64, step, warmup, total int) float64 {
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
func TauAt(kind Schedule, base float64, step, total int) float64 {
	if kind != ScheduleCosine || total <= 0 {
		return base
	}
	f := math.Min(float64(step)/float64(total), 1)
	return 1 - (1-base)*(math.Cos(math.Pi*f)+1)/2
}

func checkSchedule(what string, kind Schedule) error {
	return oneOf(what+" schedule", kind, ScheduleConstant, ScheduleCosine)
}
