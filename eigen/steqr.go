package eigen

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/lapack/gonum"
)

var lapackImpl gonum.Implementation

// steqr computes the eigenvalues and, if zt != nil, the eigenvectors of the
// symmetric n×n tridiagonal matrix tridiag(e, d, e) by implicit QL/QR with
// Wilkinson shifts (LAPACK dsteqr). The eigenvectors are kept transposed:
// on entry row i of zt (ncol entries, stride ldz) holds the i-th row of the
// matrix Zᵀ to update; on exit zt holds Zᵀ·… so that row i is the
// eigenvector belonging to d[i]. Each rotation therefore combines two
// contiguous rows. The eigenvalues are returned in ascending order. It
// returns false if an eigenvalue failed to converge in 30·n iterations.
func steqr[F flt](n int, d, e []float64, zt []F, ldz, ncol int) bool {
	if n <= 1 {
		return true
	}
	vec := zt != nil
	const (
		eps    = dlamchE
		eps2   = eps * eps
		safmin = dlamchS
	)
	ssfmax := math.Sqrt(1/safmin) / 3
	ssfmin := math.Sqrt(safmin) / eps2
	rowOf := func(i int) []F { return zt[i*ldz : i*ldz+ncol] }

	const maxit = 30
	nmaxit := n * maxit
	jtot := 0
	l1 := 0
	for l1 <= n-1 {
		if l1 > 0 {
			e[l1-1] = 0
		}
		m := l1
		for ; m < n-1; m++ {
			test := math.Abs(e[m])
			if test == 0 {
				break
			}
			if test <= math.Sqrt(math.Abs(d[m]))*math.Sqrt(math.Abs(d[m+1]))*eps {
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

		// Scale the block to a safe range.
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
		if math.IsNaN(anorm) || math.IsInf(anorm, 0) {
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

		// Choose between QL and QR.
		if math.Abs(d[lend]) < math.Abs(d[l]) {
			lend = lsv
			l = lendsv
		}
		if lend > l {
			// QL iteration.
			for {
				if l != lend {
					for m = l; m < lend; m++ {
						v := math.Abs(e[m])
						if v*v <= (eps2*math.Abs(d[m]))*math.Abs(d[m+1])+safmin {
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
					var c, s float64
					d[l], d[l+1], c, s = lapackImpl.Dlaev2(d[l], e[l], d[l+1])
					if vec {
						// Rotation (c, s) on columns l, l+1 of Z.
						x, y := rowOf(l), rowOf(l+1)
						rot(y, x, c, -s)
					}
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

				g := (d[l+1] - p) / (2 * e[l])
				r := math.Hypot(g, 1)
				g = d[m] - p + e[l]/(g+math.Copysign(r, g))
				s := 1.0
				c := 1.0
				p = 0.0
				for i := m - 1; i >= l; i-- {
					f := s * e[i]
					b := c * e[i]
					c, s, r = lapackImpl.Dlartg(g, f)
					if i != m-1 {
						e[i+1] = r
					}
					g = d[i+1] - p
					r = (d[i]-g)*s + 2*c*b
					p = s * r
					d[i+1] = g + p
					g = c*r - b
					if vec {
						// Column rotation (c, −s) on columns i, i+1 of Z.
						x, y := rowOf(i), rowOf(i+1)
						rot(y, x, c, s)
					}
				}
				d[l] -= p
				e[l] = g
			}
		} else {
			// QR iteration.
			for {
				if l != lend {
					for m = l; m > lend; m-- {
						v := math.Abs(e[m-1])
						if v*v <= (eps2*math.Abs(d[m])*math.Abs(d[m-1]) + safmin) {
							break
						}
					}
				} else {
					m = lend
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
					var c, s float64
					d[l-1], d[l], c, s = lapackImpl.Dlaev2(d[l-1], e[l-1], d[l])
					if vec {
						x, y := rowOf(l-1), rowOf(l)
						rot(y, x, c, -s)
					}
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

				g := (d[l-1] - p) / (2 * e[l-1])
				r := math.Hypot(g, 1)
				g = d[m] - p + (e[l-1])/(g+math.Copysign(r, g))
				s := 1.0
				c := 1.0
				p = 0.0
				for i := m; i < l; i++ {
					f := s * e[i]
					b := c * e[i]
					c, s, r = lapackImpl.Dlartg(g, f)
					if i != m {
						e[i-1] = r
					}
					g = d[i] - p
					r = (d[i+1]-g)*s + 2*c*b
					p = s * r
					d[i] = g + p
					g = c*r - b
					if vec {
						x, y := rowOf(i), rowOf(i+1)
						rot(y, x, c, -s)
					}
				}
				d[l] -= p
				e[l-1] = g
			}
		}

		// Undo scaling.
		if scale != 1 {
			scal(1/scale, d[lsv:lendsv+1])
			scal(1/scale, e[lsv:lendsv])
		}
		if jtot >= nmaxit {
			for i := 0; i < n-1; i++ {
				if e[i] != 0 {
					return false
				}
			}
			break
		}
	}
	// Sort eigenvalues (and rows of zt) in ascending order.
	if !vec {
		slices.Sort(d[:n])
		return !math.IsNaN(d[0]) && !math.IsNaN(d[n-1])
	}
	for ii := 1; ii < n; ii++ {
		i := ii - 1
		k := i
		p := d[i]
		for j := ii; j < n; j++ {
			if d[j] < p {
				k = j
				p = d[j]
			}
		}
		if k != i {
			d[k] = d[i]
			d[i] = p
			if vec {
				swapRows(rowOf(i), rowOf(k))
			}
		}
	}
	for _, v := range d[:n] {
		if math.IsNaN(v) {
			return false
		}
	}
	return true
}

func swapRows[F flt](x, y []F) {
	y = y[:len(x)]
	for i := range x {
		x[i], y[i] = y[i], x[i]
	}
}
