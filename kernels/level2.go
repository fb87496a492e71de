package kernels

import "gonum.org/v1/gonum/blas"

// Level 2 on register-blocked kernels: dot4 (four rows of A against one
// vector: x is loaded once per four rows) and axpy4 (a combination of four
// rows of A added to one vector: y is loaded and stored once per four
// rows). GEMV, SYMV, TRMV and TRSV take four rows of A at a time, their
// diagonal 4×4 blocks in Go; one pass over A in every case. Strided vectors
// are gathered into contiguous scratch first (O(n) beside the O(n²) pass).
//
// The kernels are assembly on the AVX-512 paths (all four; kernels/amd64,
// generator _genl2), the AVX2 path (dot4 and axpy4) and the NEON paths (all
// four; kernels/arm64, generator _genl2); elsewhere they are four calls of
// the path's dot and axpy kernels.

// l2Impl is one precision's register-blocked Level 2 kernels.
type l2Impl[T float] struct {
	// dot4 returns Σ_{j<n} a[r·lda+j]·x[j] for r < 4. (Arrays by value,
	// not by pointer: a pointer to a local passed to a function value
	// escapes, and every call would allocate.)
	dot4 func(n int, a []T, lda int, x []T) [4]T
	// axpy4 adds Σ_{r<4} c[r]·a[r·lda+j] to y[j] for j < n.
	axpy4 func(n int, a []T, lda int, c [4]T, y []T)
	// rot applies the plane rotation (c, s) to x and y (equal lengths).
	rot func(x, y []T, c, s T)
	// ger adds alpha·x·yᵀ to the m×n matrix a (len(x) ≥ m, len(y) ≥ n).
	ger func(m, n int, alpha T, x, y, a []T, lda int)
}

// l2Entry holds the Level 2 kernels of one dispatch path.
type l2Entry struct {
	p *isa
	s l2Impl[float32]
	d l2Impl[float64]
}

// l2Table lists the paths with their own Level 2 kernels (set at init by
// the architecture's file, read-only afterwards).
var l2Table []l2Entry

// l2Of returns T's Level 2 kernels on the path in use (a pointer: no
// interface conversion of the struct, which would allocate).
func l2Of[T float]() *l2Impl[T] {
	var z T
	_, f32 := any(z).(float32)
	for i := range l2Table {
		if l2Table[i].p == cur {
			if f32 {
				return any(&l2Table[i].s).(*l2Impl[T])
			}
			return any(&l2Table[i].d).(*l2Impl[T])
		}
	}
	if f32 {
		return any(&l2VecS).(*l2Impl[T])
	}
	return any(&l2VecD).(*l2Impl[T])
}

// l2VecS and l2VecD are the Level 2 kernels of the paths without their own:
// four calls of the path's dot or axpy kernel, the Go rotation.
var (
	l2VecS = l2Impl[float32]{dot4: dot4Vec[float32], axpy4: axpy4Vec[float32], rot: rotRef[float32], ger: gerVec[float32]}
	l2VecD = l2Impl[float64]{dot4: dot4Vec[float64], axpy4: axpy4Vec[float64], rot: rotRef[float64], ger: gerVec[float64]}
)

// rotRef is the Go twin of the rot kernels, and the rotation of the paths
// without one: (x[i], y[i]) = (c·x[i] + s·y[i], c·y[i] − s·x[i]).
func rotRef[T float](x, y []T, c, s T) {
	y = y[:len(x)]
	for i, vx := range x {
		vy := y[i]
		x[i], y[i] = c*vx+s*vy, c*vy-s*vx
	}
}

// dot4Vec is dot4 on the path's dot kernel.
func dot4Vec[T float](n int, a []T, lda int, x []T) (out [4]T) {
	v := vecOf[T]()
	x = x[:n]
	for r := range out {
		out[r] = v.dot(a[r*lda:r*lda+n], x)
	}
	return out
}

// axpy4Vec is axpy4 on the path's axpy kernel.
func axpy4Vec[T float](n int, a []T, lda int, c [4]T, y []T) {
	v := vecOf[T]()
	y = y[:n]
	for r, cr := range c {
		v.axpy(cr, a[r*lda:r*lda+n], y)
	}
}

// dot4Ref and axpy4Ref are the Go twins of the dot4 and axpy4 kernels: the
// values the assembly computes, up to the order of the sums.
func dot4Ref[T float](n int, a []T, lda int, x []T) (out [4]T) {
	for r := range out {
		var s T
		for j := 0; j < n; j++ {
			s += a[r*lda+j] * x[j]
		}
		out[r] = s
	}
	return out
}

func axpy4Ref[T float](n int, a []T, lda int, c [4]T, y []T) {
	for j := 0; j < n; j++ {
		y[j] += c[0]*a[j] + c[1]*a[lda+j] + c[2]*a[2*lda+j] + c[3]*a[3*lda+j]
	}
}

// strided is a vector of gonum's Level 1/2 form: n elements at stride inc
// (element i at x[i·inc] for inc > 0, at x[(n−1−i)·|inc|] for inc < 0).
// contiguous returns them as a unit-stride slice: x itself for inc = 1,
// otherwise a copy in buf.
func contiguous[T float](x []T, n, inc int, buf []T) []T {
	if inc == 1 {
		return x[:n]
	}
	k := 0
	if inc < 0 {
		k = (1 - n) * inc
	}
	buf = buf[:n]
	for i := range buf {
		buf[i] = x[k+i*inc]
	}
	return buf
}

// scatter writes the unit-stride c back to the strided x (see contiguous).
func scatter[T float](c []T, x []T, inc int) {
	if inc == 1 {
		return
	}
	n := len(c)
	k := 0
	if inc < 0 {
		k = (1 - n) * inc
	}
	for i, v := range c {
		x[k+i*inc] = v
	}
}

// vecOK reports whether a strided vector of n > 0 elements fits in a slice
// of length l (gonum's check).
func vecOK(n, inc, l int) bool {
	if inc == 0 {
		return false
	}
	if inc < 0 {
		inc = -inc
	}
	return (n-1)*inc < l
}

// scaleY sets y = beta·y, without reading y when beta is zero.
func scaleY[T float](beta T, y []T) {
	switch beta {
	case 0:
		clear(y)
	case 1:
	default:
		vecOf[T]().scal(beta, y)
	}
}

// gemv computes y = alpha·op(A)·x + beta·y for unit-stride x and y of the
// right lengths, m, n > 0.
func gemv[T float](trans bool, m, n int, alpha T, a []T, lda int, x []T, beta T, y []T) {
	k := l2Of[T]()
	v := vecOf[T]()
	var out, c [4]T
	i := 0
	if !trans {
		y = y[:m]
		for ; i+4 <= m; i += 4 {
			out = k.dot4(n, a[i*lda:], lda, x)
			for r, s := range out {
				if beta == 0 {
					y[i+r] = alpha * s
				} else {
					y[i+r] = alpha*s + beta*y[i+r]
				}
			}
		}
		for ; i < m; i++ {
			s := alpha * v.dot(a[i*lda:i*lda+n], x[:n])
			if beta == 0 {
				y[i] = s
			} else {
				y[i] = s + beta*y[i]
			}
		}
		return
	}
	y = y[:n]
	scaleY(beta, y)
	for ; i+4 <= m; i += 4 {
		c = [4]T{alpha * x[i], alpha * x[i+1], alpha * x[i+2], alpha * x[i+3]}
		k.axpy4(n, a[i*lda:], lda, c, y)
	}
	for ; i < m; i++ {
		v.axpy(alpha*x[i], a[i*lda:i*lda+n], y)
	}
}

// symv computes y = alpha·A·x + beta·y for the symmetric n×n A whose uplo
// triangle is stored, unit-stride x and y, n > 0: one pass over the
// triangle, four rows at a time (dot4 for the rows, axpy4 for their
// mirror image).
func symv[T float](upper bool, n int, alpha T, a []T, lda int, x []T, beta T, y []T) {
	k := l2Of[T]()
	v := vecOf[T]()
	x, y = x[:n], y[:n]
	scaleY(beta, y)
	var out, c [4]T
	nb := n / 4 * 4
	for i0 := 0; i0 < nb; i0 += 4 {
		c = [4]T{alpha * x[i0], alpha * x[i0+1], alpha * x[i0+2], alpha * x[i0+3]}
		if upper {
			if j0 := i0 + 4; j0 < n {
				out = k.dot4(n-j0, a[i0*lda+j0:], lda, x[j0:])
				k.axpy4(n-j0, a[i0*lda+j0:], lda, c, y[j0:])
			} else {
				out = [4]T{}
			}
		} else {
			out = k.dot4(i0, a[i0*lda:], lda, x)
			k.axpy4(i0, a[i0*lda:], lda, c, y)
		}
		// The diagonal block.
		for r := 0; r < 4; r++ {
			s := out[r]
			for j := 0; j < 4; j++ {
				if upper && j >= r || !upper && j <= r {
					s += a[(i0+r)*lda+i0+j] * x[i0+j]
				} else {
					s += a[(i0+j)*lda+i0+r] * x[i0+j]
				}
			}
			y[i0+r] += alpha * s
		}
	}
	// The last n mod 4 rows, one at a time (their columns below nb were
	// not touched by the blocks: upper rows reach only the columns to
	// their right).
	for i := nb; i < n; i++ {
		ax := alpha * x[i]
		if upper {
			row := a[i*lda+i : i*lda+n]
			y[i] += alpha * v.dot(row, x[i:])
			v.axpy(ax, row[1:], y[i+1:])
		} else {
			row := a[i*lda : i*lda+i+1]
			y[i] += alpha * v.dot(row, x[:i+1])
			v.axpy(ax, row[:i], y[:i])
		}
	}
}

// trmv sets x = op(A)·x for the triangular n×n A (unit-stride x, n > 0),
// four rows at a time. op(A) lower is computed bottom up, upper top down,
// so that every element of x is read before it is overwritten.
func trmv[T float](upper, trans, unit bool, n int, a []T, lda int, x []T) {
	k := l2Of[T]()
	v := vecOf[T]()
	x = x[:n]
	diag := func(i int) T {
		if unit {
			return 1
		}
		return a[i*lda+i]
	}
	rem := n % 4
	var out, old [4]T
	// Row blocks start at rem for the bottom-up orders and at 0 for the
	// top-down ones; the other rows go one at a time, last.
	if !trans {
		// x_i = Σ_j A_ij x_j over the stored part of row i.
		if upper {
			for i0 := 0; i0+4 <= n; i0 += 4 {
				out = [4]T{}
				if j0 := i0 + 4; j0 < n {
					out = k.dot4(n-j0, a[i0*lda+j0:], lda, x[j0:])
				}
				copy(old[:], x[i0:i0+4])
				for r := 0; r < 4; r++ {
					s := out[r] + diag(i0+r)*old[r]
					for j := r + 1; j < 4; j++ {
						s += a[(i0+r)*lda+i0+j] * old[j]
					}
					x[i0+r] = s
				}
			}
			for i := n - rem; i < n; i++ {
				x[i] = diag(i)*x[i] + v.dot(a[i*lda+i+1:i*lda+n], x[i+1:])
			}
			return
		}
		for i0 := n - 4; i0 >= rem; i0 -= 4 {
			out = k.dot4(i0, a[i0*lda:], lda, x)
			copy(old[:], x[i0:i0+4])
			for r := 0; r < 4; r++ {
				s := out[r] + diag(i0+r)*old[r]
				for j := 0; j < r; j++ {
					s += a[(i0+r)*lda+i0+j] * old[j]
				}
				x[i0+r] = s
			}
		}
		for i := rem - 1; i >= 0; i-- {
			x[i] = diag(i)*x[i] + v.dot(a[i*lda:i*lda+i], x[:i])
		}
		return
	}
	// x = Aᵀ·x: row i of A contributes x_i·A[i, j] to x_j.
	if upper {
		for i0 := n - 4; i0 >= rem; i0 -= 4 {
			copy(old[:], x[i0:i0+4])
			if j0 := i0 + 4; j0 < n {
				k.axpy4(n-j0, a[i0*lda+j0:], lda, old, x[j0:])
			}
			for j := 0; j < 4; j++ {
				s := diag(i0+j) * old[j]
				for r := 0; r < j; r++ {
					s += a[(i0+r)*lda+i0+j] * old[r]
				}
				x[i0+j] = s
			}
		}
		for i := rem - 1; i >= 0; i-- {
			v.axpy(x[i], a[i*lda+i+1:i*lda+n], x[i+1:])
			x[i] *= diag(i)
		}
		return
	}
	for i0 := 0; i0+4 <= n; i0 += 4 {
		copy(old[:], x[i0:i0+4])
		k.axpy4(i0, a[i0*lda:], lda, old, x)
		for j := 0; j < 4; j++ {
			s := diag(i0+j) * old[j]
			for r := j + 1; r < 4; r++ {
				s += a[(i0+r)*lda+i0+j] * old[r]
			}
			x[i0+j] = s
		}
	}
	for i := n - rem; i < n; i++ {
		v.axpy(x[i], a[i*lda:i*lda+i], x[:i])
		x[i] *= diag(i)
	}
}

// trsv solves op(A)·x = b in place (b in x) for the triangular n×n A
// (unit-stride x, n > 0), four rows at a time: the solved part enters a
// block by dot4 (op(A) = A) or leaves it by axpy4 (op(A) = Aᵀ), the 4×4
// diagonal blocks are solved in Go.
func trsv[T float](upper, trans, unit bool, n int, a []T, lda int, x []T) {
	k := l2Of[T]()
	v := vecOf[T]()
	x = x[:n]
	rem := n % 4
	var out, c [4]T
	div := func(s T, i int) T {
		if unit {
			return s
		}
		return s / a[i*lda+i]
	}
	switch {
	case !trans && !upper: // forward: x_i = (b_i − Σ_{j<i} A_ij x_j)/A_ii
		for i0 := 0; i0+4 <= n; i0 += 4 {
			out = k.dot4(i0, a[i0*lda:], lda, x)
			for r := 0; r < 4; r++ {
				s := x[i0+r] - out[r]
				for j := 0; j < r; j++ {
					s -= a[(i0+r)*lda+i0+j] * x[i0+j]
				}
				x[i0+r] = div(s, i0+r)
			}
		}
		for i := n - rem; i < n; i++ {
			x[i] = div(x[i]-v.dot(a[i*lda:i*lda+i], x[:i]), i)
		}
	case !trans: // backward: x_i = (b_i − Σ_{j>i} A_ij x_j)/A_ii
		for i0 := n - 4; i0 >= rem; i0 -= 4 {
			out = [4]T{}
			if j0 := i0 + 4; j0 < n {
				out = k.dot4(n-j0, a[i0*lda+j0:], lda, x[j0:])
			}
			for r := 3; r >= 0; r-- {
				s := x[i0+r] - out[r]
				for j := r + 1; j < 4; j++ {
					s -= a[(i0+r)*lda+i0+j] * x[i0+j]
				}
				x[i0+r] = div(s, i0+r)
			}
		}
		for i := rem - 1; i >= 0; i-- {
			x[i] = div(x[i]-v.dot(a[i*lda+i+1:i*lda+n], x[i+1:]), i)
		}
	case upper: // Aᵀ lower, forward: solve x_i, then remove it from the rest
		for i0 := 0; i0+4 <= n; i0 += 4 {
			for r := 0; r < 4; r++ {
				x[i0+r] = div(x[i0+r], i0+r)
				for j := r + 1; j < 4; j++ {
					x[i0+j] -= x[i0+r] * a[(i0+r)*lda+i0+j]
				}
			}
			if j0 := i0 + 4; j0 < n {
				c = [4]T{-x[i0], -x[i0+1], -x[i0+2], -x[i0+3]}
				k.axpy4(n-j0, a[i0*lda+j0:], lda, c, x[j0:])
			}
		}
		for i := n - rem; i < n; i++ {
			x[i] = div(x[i], i)
			v.axpy(-x[i], a[i*lda+i+1:i*lda+n], x[i+1:])
		}
	default: // Aᵀ upper, backward
		for i0 := n - 4; i0 >= rem; i0 -= 4 {
			for r := 3; r >= 0; r-- {
				x[i0+r] = div(x[i0+r], i0+r)
				for j := 0; j < r; j++ {
					x[i0+j] -= x[i0+r] * a[(i0+r)*lda+i0+j]
				}
			}
			c = [4]T{-x[i0], -x[i0+1], -x[i0+2], -x[i0+3]}
			k.axpy4(i0, a[i0*lda:], lda, c, x)
		}
		for i := rem - 1; i >= 0; i-- {
			x[i] = div(x[i], i)
			v.axpy(-x[i], a[i*lda:i*lda+i], x[:i])
		}
	}
}

// ger computes A += alpha·x·yᵀ (unit-stride x, y; m, n > 0).
func ger[T float](m, n int, alpha T, x, y []T, a []T, lda int) {
	l2Of[T]().ger(m, n, alpha, x, y, a, lda)
}

// gerVec is ger on the path's axpy kernel, one call per row.
func gerVec[T float](m, n int, alpha T, x, y, a []T, lda int) {
	v := vecOf[T]()
	y = y[:n]
	for i, xi := range x[:m] {
		v.axpy(alpha*xi, y, a[i*lda:i*lda+n])
	}
}

// gerRef is the Go twin of the ger kernels.
func gerRef[T float](m, n int, alpha T, x, y, a []T, lda int) {
	for i := 0; i < m; i++ {
		ax := alpha * x[i]
		row := a[i*lda : i*lda+n]
		for j := range row {
			row[j] += ax * y[j]
		}
	}
}

// syr2 computes the uplo triangle of A += alpha·(x·yᵀ + y·xᵀ) (y nil: A +=
// alpha·x·xᵀ) for unit-stride vectors, n > 0, one or two axpys per row.
func syr2[T float](upper bool, n int, alpha T, x, y []T, a []T, lda int) {
	v := vecOf[T]()
	x = x[:n]
	for i := 0; i < n; i++ {
		lo, hi := 0, i+1
		if upper {
			lo, hi = i, n
		}
		row := a[i*lda+lo : i*lda+hi]
		if y == nil {
			if x[i] != 0 {
				v.axpy(alpha*x[i], x[lo:hi], row)
			}
			continue
		}
		if x[i] != 0 {
			v.axpy(alpha*x[i], y[lo:hi], row)
		}
		if y[i] != 0 {
			v.axpy(alpha*y[i], x[lo:hi], row)
		}
	}
}

// level2Args are the strided-vector helpers of one Implementation call:
// contiguous copies of x and y in scratch when their increments are not 1.
type level2Args[T float] struct {
	s *scratch[T]
}

// vectors returns x (n elements at incX) and y (m at incY) as unit-stride
// slices, copying into scratch where needed (y's copy holds y's values).
func (l *level2Args[T]) vectors(x []T, nx, incX int, y []T, ny, incY int, readY bool) (xc, yc []T) {
	if incX == 1 && incY == 1 {
		return x[:nx], y[:ny]
	}
	l.s = getScratch[T]()
	buf := l.s.get(nx + ny)
	xc = contiguous(x, nx, incX, buf[:nx])
	if incY == 1 {
		yc = y[:ny]
	} else if readY {
		yc = contiguous(y, ny, incY, buf[nx:])
	} else {
		yc = buf[nx : nx+ny]
	}
	return xc, yc
}

// done writes a copied y back and returns the scratch.
func (l *level2Args[T]) done(yc, y []T, incY int) {
	if l.s == nil {
		return
	}
	scatter(yc, y, incY)
	putScratch(l.s)
	l.s = nil
}

// blasUplo, blasTrans and blasDiag validate Level 2 enumerations.
func validUplo(ul blas.Uplo) bool { return ul == blas.Upper || ul == blas.Lower }
func validDiag(d blas.Diag) bool  { return d == blas.Unit || d == blas.NonUnit }
