package eigen

import (
	"math"
	"slices"
)

// sterf computes all eigenvalues (ascending) of the symmetric tridiagonal
// matrix tridiag(e, d, e) by the root-free Pal–Walker–Kahan variant of the
// QL/QR algorithm (LAPACK dsterf). e is destroyed. It returns false if the
// iteration did not converge in 30·n steps.
func sterf(n int, d, e []float64) bool {
	if n <= 1 {
		return true
	}
	const (
		eps    = dlamchE
		eps2   = eps * eps
		safmin = dlamchS
	)
	ssfmax := math.Sqrt(1/safmin) / 3
	ssfmin := math.Sqrt(safmin) / eps2
	nmaxit := n * 30
	jtot := 0
	l1 := 0
	for l1 <= n-1 {
		if l1 > 0 {
			e[l1-1] = 0
		}
		m := l1
		for ; m < n-1; m++ {
			if math.Abs(e[m]) <= math.Sqrt(math.Abs(d[m]))*math.Sqrt(math.Abs(d[m+1]))*eps {
				e[m] = 0
				break
			}
		}
		l := l1
		lsv := l
		lend := m
		lendsv := lend
		l1 = m + 1
		if lend == l {
			continue
		}
		var anorm float64
		for i := l; i <= lend; i++ {
			anorm = math.Max(anorm, math.Abs(d[i]))
		}
		for i := l; i < lend; i++ {
			anorm = math.Max(anorm, math.Abs(e[i]))
		}
		if anorm == 0 {
			continue
		}
		if !(anorm < math.Inf(1)) {
			return false
		}
		scale := 1.0
		if anorm > ssfmax {
			scale = ssfmax / anorm
		} else if anorm < ssfmin {
			scale = ssfmin / anorm
		}
		if scale != 1 {
			scal(scale, d[l:lend+1])
			scal(scale, e[l:lend])
		}
		for i := l; i < lend; i++ {
			e[i] *= e[i]
		}
		if math.Abs(d[lend]) < math.Abs(d[l]) {
			lend = lsv
			l = lendsv
		}
		if lend >= l {
			// QL iteration.
			for {
				if l != lend {
					for m = l; m < lend; m++ {
						if math.Abs(e[m]) <= eps2*math.Abs(d[m]*d[m+1]) {
							break
						}
					}
				} else {
					m = lend
				}
				if m < lend {
					e[m] = 0
				}
				p := d[l]
				if m == l {
					l++
					if l > lend {
						break
					}
					continue
				}
				if m == l+1 {
					d[l], d[l+1] = lapackImpl.Dlae2(d[l], math.Sqrt(e[l]), d[l+1])
					e[l] = 0
					l += 2
					if l > lend {
						break
					}
					continue
				}
				if jtot == nmaxit {
					break
				}
				jtot++
				rte := math.Sqrt(e[l])
				sigma := (d[l+1] - p) / (2 * rte)
				r := math.Hypot(sigma, 1)
				sigma = p - (rte / (sigma + math.Copysign(r, sigma)))
				c := 1.0
				s := 0.0
				gamma := d[m] - sigma
				p = gamma * gamma
				for i := m - 1; i >= l; i-- {
					bb := e[i]
					r := p + bb
					if i != m-1 {
						e[i+1] = s * r
					}
					oldc := c
					c = p / r
					s = bb / r
					oldgam := gamma
					alpha := d[i]
					gamma = c*(alpha-sigma) - s*oldgam
					d[i+1] = oldgam + (alpha - gamma)
					if c != 0 {
						p = (gamma * gamma) / c
					} else {
						p = oldc * bb
					}
				}
				e[l] = s * p
				d[l] = sigma + gamma
			}
		} else {
			// QR iteration.
			for {
				for m = l; m > lend; m-- {
					if math.Abs(e[m-1]) <= eps2*math.Abs(d[m]*d[m-1]) {
						break
					}
				}
				if m > lend {
					e[m-1] = 0
				}
				p := d[l]
				if m == l {
					l--
					if l < lend {
						break
					}
					continue
				}
				if m == l-1 {
					d[l], d[l-1] = lapackImpl.Dlae2(d[l], math.Sqrt(e[l-1]), d[l-1])
					e[l-1] = 0
					l -= 2
					if l < lend {
						break
					}
					continue
				}
				if jtot == nmaxit {
					break
				}
				jtot++
				rte := math.Sqrt(e[l-1])
				sigma := (d[l-1] - p) / (2 * rte)
				r := math.Hypot(sigma, 1)
				sigma = p - (rte / (sigma + math.Copysign(r, sigma)))
				c := 1.0
				s := 0.0
				gamma := d[m] - sigma
				p = gamma * gamma
				for i := m; i < l; i++ {
					bb := e[i]
					r := p + bb
					if i != m {
						e[i-1] = s * r
					}
					oldc := c
					c = p / r
					s = bb / r
					oldgam := gamma
					alpha := d[i+1]
					gamma = c*(alpha-sigma) - s*oldgam
					d[i] = oldgam + alpha - gamma
					if c != 0 {
						p = (gamma * gamma) / c
					} else {
						p = oldc * bb
					}
				}
				e[l-1] = s * p
				d[l] = sigma + gamma
			}
		}
		if scale != 1 {
			scal(1/scale, d[lsv:lendsv+1])
		}
		if jtot >= nmaxit {
			break
		}
	}
	for _, v := range e[:n-1] {
		if v != 0 {
			return false
		}
	}
	slices.Sort(d[:n])
	return !math.IsNaN(d[0]) && !math.IsNaN(d[n-1])
}
