package kernels

import (
	"unsafe"

	"gonum.org/v1/gonum/blas"
)

// The small-size path: products so small that the fixed cost of the GEMM
// driver (a workspace from the free list, blocking, a micro-kernel call
// through a function value) would be most of their time run as plain loops,
// with no packing and no dispatch. 2×2 and 3×3 products (graphics,
// robotics, filters) take a few nanoseconds instead of a hundred.

// smallMACs is the largest m·n·k the small-size GEMM path takes: measured
// on Zen 5, the loops win over the driver below about 4·4·4·… (see
// BenchmarkDgemmSmall in bench/).
const smallMACs = 6 * 6 * 6

// smallGemm computes C = alpha·op(A)·op(B) + beta·C with plain loops when
// the product is small (m·n·k ≤ smallMACs) and reports whether it did. The
// arguments are checked, m, n, k > 0 and alpha ≠ 0. C is not read when beta
// is zero. Each element is one dot product held in a register.
func smallGemm[T float](aTrans, bTrans bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) bool {
	if m*n*k > smallMACs {
		return false
	}
	// Element strides of op(A) along k and of op(B) along k and n.
	ai, ap := lda, 1
	if aTrans {
		ai, ap = 1, lda
	}
	bp, bj := ldb, 1
	if bTrans {
		bp, bj = 1, ldb
	}
	for i := 0; i < m; i++ {
		crow := c[i*ldc : i*ldc+n]
		j := 0
		// Four columns at a time: four independent sums, so that the
		// additions do not wait on each other.
		for ; j+4 <= n; j += 4 {
			var s0, s1, s2, s3 T
			ia, ib := i*ai, j*bj
			for p := 0; p < k; p++ {
				av := a[ia]
				s0 += av * b[ib]
				s1 += av * b[ib+bj]
				s2 += av * b[ib+2*bj]
				s3 += av * b[ib+3*bj]
				ia += ap
				ib += bp
			}
			cs := crow[j : j+4]
			if beta == 0 {
				cs[0], cs[1], cs[2], cs[3] = alpha*s0, alpha*s1, alpha*s2, alpha*s3
			} else {
				cs[0] = alpha*s0 + beta*cs[0]
				cs[1] = alpha*s1 + beta*cs[1]
				cs[2] = alpha*s2 + beta*cs[2]
				cs[3] = alpha*s3 + beta*cs[3]
			}
		}
		for ; j < n; j++ {
			var s T
			ia, ib := i*ai, j*bj
			for p := 0; p < k; p++ {
				s += a[ia] * b[ib]
				ia += ap
				ib += bp
			}
			if beta == 0 {
				crow[j] = alpha * s
			} else {
				crow[j] = alpha*s + beta*crow[j]
			}
		}
	}
	return true
}

// gemvNTinyN and gemvNTinyM bound the GEMVs without a transpose that
// Implementation computes with gemvNTiny: at most 7 columns and 7 rows.
// Measured on Zen 5 (BenchmarkSmallAB: blocks of calls of ours and gonum's
// alternated, y updated in place as in an iteration), m = n: 0.73–0.98×
// gonum's time for n = 1…7, where the whole-GEMV kernel took 1.0–1.25× at
// n = 1…4, 6 and 7 (a masked row load and a lane reduction per row; rows
// one at a time past the last block of four); from 8 rows on the kernel's
// four-row blocks win.
const (
	gemvNTinyN = 7
	gemvNTinyM = 7
)

// gemvNTiny computes y = alpha·A·x + beta·y for the m×n row-major A, 1 ≤ n
// ≤ gemvNTinyN, m ≥ 1, unit strides, slices long enough, y not read when
// beta is zero: x in registers, one row at a time (two or three for n ≥
// 5), each row's products summed pairwise.
func gemvNTiny[T float](m, n int, alpha T, a []T, lda int, x []T, beta T, y []T) {
	y = y[:m]
	fin := func(i int, s T) {
		if beta == 0 {
			y[i] = alpha * s
		} else {
			y[i] = alpha*s + beta*y[i]
		}
	}
	switch n {
	case 1:
		x0 := x[0]
		for i := range y {
			fin(i, a[i*lda]*x0)
		}
	case 2:
		x0, x1 := x[0], x[1]
		for i := range y {
			r := a[i*lda : i*lda+2]
			fin(i, r[0]*x0+r[1]*x1)
		}
	case 3:
		x0, x1, x2 := x[0], x[1], x[2]
		for i := range y {
			r := a[i*lda : i*lda+3]
			fin(i, r[0]*x0+r[1]*x1+r[2]*x2)
		}
	case 4:
		x0, x1, x2, x3 := x[0], x[1], x[2], x[3]
		for i := range y {
			r := a[i*lda : i*lda+4]
			fin(i, (r[0]*x0+r[1]*x1)+(r[2]*x2+r[3]*x3))
		}
	case 5:
		x0, x1, x2, x3, x4 := x[0], x[1], x[2], x[3], x[4]
		i := 0
		for ; i+2 <= m; i += 2 {
			r, q := a[i*lda:i*lda+5], a[(i+1)*lda:(i+1)*lda+5]
			s0 := (r[0]*x0 + r[1]*x1) + (r[2]*x2 + r[3]*x3) + r[4]*x4
			s1 := (q[0]*x0 + q[1]*x1) + (q[2]*x2 + q[3]*x3) + q[4]*x4
			fin(i, s0)
			fin(i+1, s1)
		}
		if i < m {
			r := a[i*lda : i*lda+5]
			fin(i, (r[0]*x0+r[1]*x1)+(r[2]*x2+r[3]*x3)+r[4]*x4)
		}
	case 6:
		x = x[:6]
		x0, x1, x2, x3, x4, x5 := x[0], x[1], x[2], x[3], x[4], x[5]
		i := 0
		for ; i+3 <= m; i += 3 {
			r, q, u := a[i*lda:i*lda+6], a[(i+1)*lda:(i+1)*lda+6], a[(i+2)*lda:(i+2)*lda+6]
			s0 := (r[0]*x0 + r[1]*x1) + (r[2]*x2 + r[3]*x3) + (r[4]*x4 + r[5]*x5)
			s1 := (q[0]*x0 + q[1]*x1) + (q[2]*x2 + q[3]*x3) + (q[4]*x4 + q[5]*x5)
			s2 := (u[0]*x0 + u[1]*x1) + (u[2]*x2 + u[3]*x3) + (u[4]*x4 + u[5]*x5)
			if beta == 0 {
				y[i], y[i+1], y[i+2] = alpha*s0, alpha*s1, alpha*s2
			} else {
				y[i], y[i+1], y[i+2] = alpha*s0+beta*y[i], alpha*s1+beta*y[i+1], alpha*s2+beta*y[i+2]
			}
		}
		for ; i < m; i++ {
			r := a[i*lda : i*lda+6]
			fin(i, (r[0]*x0+r[1]*x1)+(r[2]*x2+r[3]*x3)+(r[4]*x4+r[5]*x5))
		}
	case 7:
		x = x[:7]
		x0, x1, x2, x3, x4, x5, x6 := x[0], x[1], x[2], x[3], x[4], x[5], x[6]
		i := 0
		for ; i+2 <= m; i += 2 {
			r, q := a[i*lda:i*lda+7], a[(i+1)*lda:(i+1)*lda+7]
			s0 := (r[0]*x0 + r[1]*x1) + (r[2]*x2 + r[3]*x3) + (r[4]*x4 + r[5]*x5) + r[6]*x6
			s1 := (q[0]*x0 + q[1]*x1) + (q[2]*x2 + q[3]*x3) + (q[4]*x4 + q[5]*x5) + q[6]*x6
			if beta == 0 {
				y[i], y[i+1] = alpha*s0, alpha*s1
			} else {
				y[i], y[i+1] = alpha*s0+beta*y[i], alpha*s1+beta*y[i+1]
			}
		}
		if i < m {
			r := a[i*lda : i*lda+7]
			fin(i, (r[0]*x0+r[1]*x1)+(r[2]*x2+r[3]*x3)+(r[4]*x4+r[5]*x5)+r[6]*x6)
		}
	}
}

// gemvTTinyN is the largest n (the length of y) of the transposed GEMVs
// with at most gemvNTinyM rows that Implementation computes with
// gemvTTiny: on one or two columns the whole-GEMV kernel's masked row
// loads cost more than they save (measured as for gemvNTinyN: the kernel
// 1.04–1.06× gonum's time at m = n = 1, 2).
const gemvTTinyN = 2

// gemvTTiny computes y = alpha·Aᵀ·x + beta·y for the m×n row-major A, 1 ≤
// n ≤ gemvTTinyN, m ≥ 1, unit strides, slices long enough, y not read when
// beta is zero.
func gemvTTiny[T float](m, n int, alpha T, a []T, lda int, x []T, beta T, y []T) {
	x = x[:m]
	var s0, s1 T
	if n == 1 {
		for i, xi := range x {
			s0 += a[i*lda] * xi
		}
	} else {
		for i, xi := range x {
			r := a[i*lda : i*lda+2]
			s0 += r[0] * xi
			s1 += r[1] * xi
		}
	}
	if beta == 0 {
		y[0] = alpha * s0
		if n == 2 {
			y[1] = alpha * s1
		}
		return
	}
	y[0] = alpha*s0 + beta*y[0]
	if n == 2 {
		y[1] = alpha*s1 + beta*y[1]
	}
}

// smallGemvMN is the largest m·n the plain-loop GEMV takes.
const smallGemvMN = 64

// smallGemv computes y = alpha·op(A)·x + beta·y (unit strides, valid, m, n
// > 0) with plain loops when A has at most smallGemvMN elements and at most
// 16 columns, and reports whether it did.
func smallGemv[T float](trans bool, m, n int, alpha T, a []T, lda int, x []T, beta T, y []T) bool {
	if m*n > smallGemvMN || n > 16 {
		return false
	}
	if !trans {
		x, y = x[:n], y[:m]
		for i := range y {
			row := a[i*lda : i*lda+n]
			var s T
			for j, v := range row {
				s += v * x[j]
			}
			if beta == 0 {
				y[i] = alpha * s
			} else {
				y[i] = alpha*s + beta*y[i]
			}
		}
		return true
	}
	var acc [16]T
	s := acc[:n]
	x = x[:m]
	for i, xi := range x {
		row := a[i*lda : i*lda+n]
		for j, v := range row {
			s[j] += xi * v
		}
	}
	y = y[:n]
	for j := range y {
		if beta == 0 {
			y[j] = alpha * s[j]
		} else {
			y[j] = alpha*s[j] + beta*y[j]
		}
	}
	return true
}

// gemvWholeMax is the largest m and n Implementation's GEMV runs on the
// whole-GEMV kernels of the AVX-512 paths (one call per GEMV; below it
// they beat gonum's float64 GEMV and the register-blocked path, whose
// calls per four rows cost more than the arithmetic at these sizes; see
// BenchmarkSmallGemv).
const gemvWholeMax = 64

// gemvWholeOK reports whether a GEMV call with alpha ≠ 0 (checked by the
// caller) is valid, non-trivial (m, n ≥ 1), has unit strides and m, n ≤
// gemvWholeMax: the calls the whole-GEMV kernels take. Everything else
// takes the general path, where argument errors panic with gonum's
// messages in gonum's order.
func gemvWholeOK(tA blas.Transpose, m, n, lda, la, incX, lx, incY, ly int) bool {
	if incX != 1 || incY != 1 || uint(m-1) >= gemvWholeMax || uint(n-1) >= gemvWholeMax || lda < n {
		return false
	}
	if tA != blas.NoTrans {
		if tA != blas.Trans && tA != blas.ConjTrans {
			return false
		}
		lx, ly = ly, lx
	}
	// m ≤ gemvWholeMax and lda ≤ la: lda·(m−1) cannot overflow.
	return lx >= n && ly >= m && (m == 1 || lda <= la) && la >= lda*(m-1)+n
}

// gemvGonumBelowD is the m·n below which Implementation's Dgemv leaves the
// call to gonum on the paths without whole-GEMV kernels (all but the
// AVX-512 ones, which take m, n ≤ gemvWholeMax themselves): gonum's float64 GEMV is SSE2 assembly with no dispatch,
// faster than ours on small matrices (measured on Zen 5: ours wins from
// about 32×32 on with a transposed A, from 64×64 on without), and the
// results stay bitwise gonum's. gonum's float32 GEMV is Go over assembly
// dot products: there the plain-loop path (smallGemv) and the
// register-blocked kernels win at every size.
func gemvGonumBelowD(tA blas.Transpose) int {
	if tA == blas.NoTrans {
		return 48 * 48
	}
	return 32 * 32
}

// smallVec and smallDotN are the longest vectors Implementation's axpy and
// dot handle with plain loops: up to them the call into the vector kernel
// (the assembly's set-up and, for dot, its reduction) costs more than the
// arithmetic. Measured on Zen 5 through blas.Float64 with the AVX-512
// paths' direct calls (small_amd64.go): the two-sum loop matches gonum's
// Ddot to n = 7 and loses from n = 8 on (by 5 %), the kernel wins from n =
// 8 on; a four-sum loop is no faster (it is no longer inlined). The axpy
// loop loses to gonum at n = 8 (1.01×), the kernel wins (0.88×).
const (
	smallVec  = 7
	smallDotN = 7
)

// smallDot returns Σ x[i]·y[i] for short vectors, with two accumulators.
func smallDot[T float](x, y []T) T {
	y = y[:len(x)]
	var s0, s1 T
	i := 0
	for ; i+2 <= len(x); i += 2 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
	}
	if i < len(x) {
		s0 += x[i] * y[i]
	}
	return s0 + s1
}

// pageBits is log₂ of the smallest page size of the supported platforms.
const pageBits = 12

// inPage reports whether the 64-byte windows of a vector kernel over x,
// counted from x's start, stay in the page of x's last element. A masked
// load or store whose window (not its lanes) reaches into a page that has
// not been touched yet costs about 150 ns on Zen 5 (the fault suppression
// of the masked-off lanes is microcoded): an Sdot of 9…64 elements ending
// right before such a page took 20–58× gonum's time, GEMVs of a few
// elements 18–48×. Implementation's direct AVX-512 entries hand such calls
// to gonum's code, which reads nothing past a slice. Only a last element
// in the last 63 bytes of a page can qualify, so the common case is one
// add, one mask and one compare.
func inPage[T float](x []T) bool {
	var z T
	return windowsInPage(uintptr(unsafe.Pointer(unsafe.SliceData(x))), uintptr(len(x))*unsafe.Sizeof(z))
}

// windowsInPage is inPage for the bytes ≥ 1 bytes at address a.
func windowsInPage(a, bytes uintptr) bool {
	const page = 1 << pageBits
	last := a + bytes - 1
	if last&(page-1) < page-63 {
		return true
	}
	return last>>pageBits == (a+(bytes+63)&^63-1)>>pageBits
}

// dotInside reports whether the loop-free dot kernels' loads stay inside
// x[:n] and y[:n], so that no page check is needed: from one vector (8
// float64, 16 float32) to four, where the last load is a full vector
// ending at element n−1 (ddotSmallAVX512: unmasked loads only).
func dotInside[T float](n int) bool {
	var z T
	l := 64 / int(unsafe.Sizeof(z))
	return n >= l && n <= 4*l
}

// gemvInPage reports whether the whole-GEMV kernels' windows over A's last
// row, x and y stay in their pages (inPage), for m, n ≥ 1 and slices that
// gemvWholeOK accepted. Implementation's GEMVs call it only when
// gemvNearPageEnd says that an operand ends in the last 63 bytes of a page
// (a few inlined instructions: a GEMV of a few elements takes 5–10 ns).
func gemvInPage[T float](tA blas.Transpose, m, n int, a []T, lda int, x, y []T) bool {
	lx, ly := n, m
	if tA != blas.NoTrans {
		lx, ly = m, n
	}
	return inPage(a[(m-1)*lda:][:n]) && inPage(x[:lx]) && inPage(y[:ly])
}

// gemvNearPageEnd reports whether A's last row (ending at byte ea), x or y
// ends in the last 63 bytes of a page: only then can a window cross.
func gemvNearPageEnd(ea, ex, ey uintptr) bool {
	const mask = 1<<pageBits - 1
	return max(ea&mask, ex&mask, ey&mask) >= 1<<pageBits-63
}

// lastByte is the address of the last byte of x[:k], k ≥ 1.
func lastByte[T float](x []T, k int) uintptr {
	var z T
	return uintptr(unsafe.Pointer(unsafe.SliceData(x))) + uintptr(k)*unsafe.Sizeof(z) - 1
}
