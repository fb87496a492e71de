package ssl

import (
	"fmt"
	"math"
)

// LossKind selects the per-pair regression loss (Config.Loss); its value
// is the loss's name.
type LossKind string

const (
	// LossCosine is BYOL's normalised loss 2 − 2·cos(p, z̄).
	LossCosine LossKind = "cosine"
	// LossSquared is the theory's ½‖p − z̄‖².
	LossSquared LossKind = "squared"
)

// ParseLoss maps "cosine" (alias "byol") and "squared" (alias "mse").
func ParseLoss(s string) (LossKind, error) {
	switch s {
	case "cosine", "byol":
		return LossCosine, nil
	case "squared", "mse":
		return LossSquared, nil
	}
	return "", fmt.Errorf("ssl: unknown loss %q (want cosine or squared)", s)
}

// Set parses s into k (flag.Value).
func (k *LossKind) Set(s string) (err error) { *k, err = ParseLoss(s); return err }

// String returns the loss's name (flag.Value).
func (k *LossKind) String() string { return string(*k) }

const normFloor = 1e-12 // as torch.nn.functional.normalize

// pairLoss returns ℓ(p, z) for one pair of d-vectors and writes ∂ℓ/∂p·scale
// into gp and, when gz is non-nil, ∂ℓ/∂z·scale into gz.
func pairLoss[T Float](kind LossKind, p, z, gp, gz []T, scale float64) float64 {
	switch kind {
	case LossSquared:
		var s float64
		for j := range p {
			d := float64(p[j]) - float64(z[j])
			s += d * d
			gp[j] = T(d * scale)
			if gz != nil {
				gz[j] = T(-d * scale)
			}
		}
		return 0.5 * s
	default:
		var pp, zz, pz float64
		for j := range p {
			a, b := float64(p[j]), float64(z[j])
			pp += a * a
			zz += b * b
			pz += a * b
		}
		np := math.Max(math.Sqrt(pp), normFloor)
		nz := math.Max(math.Sqrt(zz), normFloor)
		c := pz / (np * nz)
		// ∂(2−2c)/∂p = −2(ẑ − c·p̂)/|p|, symmetric for z.
		ap, bp := -2*scale/(np*nz), 2*scale*c/(np*np)
		for j := range p {
			gp[j] = T(ap*float64(z[j]) + bp*float64(p[j]))
		}
		if gz != nil {
			bz := 2 * scale * c / (nz * nz)
			for j := range z {
				gz[j] = T(ap*float64(p[j]) + bz*float64(z[j]))
			}
		}
		return 2 - 2*c
	}
}

// SymmetricLoss computes the symmetrised loss over 2B rows stored as
// [view 1; view 2] (each row d wide):
//
//	L = mean_i ℓ(p₁ᵢ, z̄₂ᵢ) + mean_i ℓ(p₂ᵢ, z̄₁ᵢ)
//
// It writes ∂L/∂p into dp and, when dz is non-nil (no stop-gradient),
// ∂L/∂z̄ into dz. p, z, dp and dz are 2B×d.
func SymmetricLoss[T Float](kind LossKind, p, z []T, b, d int, dp, dz []T) float64 {
	var total float64
	scale := 1 / float64(b)
	for i := 0; i < 2*b; i++ {
		k := (i + b) % (2 * b) // partner row in the other view
		var gz []T
		if dz != nil {
			gz = dz[k*d : (k+1)*d]
		}
		total += pairLoss(kind, p[i*d:(i+1)*d], z[k*d:(k+1)*d], dp[i*d:(i+1)*d], gz, scale)
	}
	return total * scale
}
