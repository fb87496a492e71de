package ssl

import (
	"math"
	"math/bits"
)

// RNG is a small deterministic random number generator (SplitMix64). Its
// whole state is one uint64, so it is trivially checkpointed, and streams for
// independent purposes are derived from a seed and integer tags with
// NewRNG, which makes every random choice in a run a pure function of
// (seed, purpose, step, index) and independent of the number of threads.
type RNG struct{ s uint64 }

// NewRNG returns a generator whose stream is determined by seed and tags.
func NewRNG(seed uint64, tags ...uint64) *RNG {
	r := &RNG{}
	r.Reset(seed, tags...)
	return r
}

// Reset re-seeds r in place (no allocation) exactly as NewRNG would.
func (r *RNG) Reset(seed uint64, tags ...uint64) {
	h := mix64(seed ^ 0x6a09e667f3bcc908)
	for _, t := range tags {
		h = mix64(h ^ mix64(t+0x9e3779b97f4a7c15))
	}
	r.s = h
}

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Uint64 returns the next 64 random bits.
func (r *RNG) Uint64() uint64 {
	r.s += 0x9e3779b97f4a7c15
	return mix64(r.s)
}

// Float64 returns a uniform number in [0, 1).
func (r *RNG) Float64() float64 { return float64(r.Uint64()>>11) * (1.0 / (1 << 53)) }

// Uniform returns a uniform number in [lo, hi).
func (r *RNG) Uniform(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// Intn returns a uniform integer in [0, n); n must be > 0.
func (r *RNG) Intn(n int) int {
	// Lemire's nearly divisionless method, unbiased.
	un := uint64(n)
	hi, lo := bits.Mul64(r.Uint64(), un)
	if lo < un {
		t := -un % un
		for lo < t {
			hi, lo = bits.Mul64(r.Uint64(), un)
		}
	}
	return int(hi)
}

// Norm returns a standard normal number (Box–Muller, one value per call so
// that the state stays a single word).
func (r *RNG) Norm() float64 {
	u1 := 1 - r.Float64() // (0, 1]
	u2 := r.Float64()
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

// Perm fills p with a uniformly random permutation of 0..len(p)-1.
func (r *RNG) Perm(p []int) {
	for i := range p {
		p[i] = i
	}
	for i := len(p) - 1; i > 0; i-- {
		j := r.Intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
}
