// Package eigen computes eigenvalues and eigenvectors of real symmetric
// matrices: the cold solve at LAPACK dsyevd's algorithmic level, and a warm
// start for a matrix that changed little since its last decomposition.
//
// # Storage
//
// Matrices are row-major with a leading dimension (stride) ld ≥ max(1, n):
// element (i, j) of an n×n matrix a is a[i*lda+j]. Factorize reads only the
// lower triangle a[i*lda+j], j ≤ i (the strict upper triangle may hold
// anything, NaN included) and never modifies a. Eigenvalues are returned in
// ascending order; VectorsTo writes the eigenvectors as the columns of an n×n
// row-major matrix, column j belonging to Values()[j]. Sym[float32] accepts
// and returns float32 but computes in float64 internally.
//
// # Errors
//
// Programmer errors panic with constant messages ("eigen: n < 0",
// "eigen: bad lda", "eigen: short a", "eigen: bad ldv", "eigen: short v",
// "eigen: bad ldd", "eigen: short dst", "eigen: no successful
// factorization", "eigen: vectors not computed"). Numerical failure is
// reported by ok = false, never by a panic: a NaN or ±Inf in the referenced
// triangle, an eigenvalue outside the float range (|λ| > MaxFloat64), or an
// iteration that did not converge. After ok = false, Values and VectorsTo
// panic until the next successful factorization.
//
// # Accuracy
//
// The solver is backward stable: with ulp = 2⁻⁵² (2⁻²³ for float32) the
// tests assert the LAPACK ratios ‖AV − VΛ‖₁/(n‖A‖₁ulp) ≤ 60 and
// ‖VᵀV − I‖₁/(n·ulp) ≤ 60 (measured values are typically below 2), for
// random, graded, clustered, rank-deficient and Wilkinson-type matrices and
// for matrices scaled to ≈1e−300 and ≈1e300. Small eigenvalues carry absolute
// accuracy ≈ n·ulp·‖A‖, not relative accuracy.
//
// # Algorithm
//
// Factorize (as LAPACK dsyevd):
//
//  1. The matrix is copied to float64 and, if its max-abs norm lies outside
//     [√(safmin/ε), √(ε/safmin)], scaled into that range (dsyev).
//  2. Householder reduction to tridiagonal form T = QᵀAQ. Lower row-major
//     storage is upper column-major storage, so this is dsytrd/dlatrd with
//     uplo = 'U': every reflector is a contiguous row. Panels of 32 columns
//     (dlatrd: SYMV on the vector kernels) alternate with a rank-2k update of
//     the trailing matrix done by kernels.Dgemm on row blocks of the lower
//     triangle.
//  3. Eigenvalues only: the root-free Pal–Walker–Kahan QL/QR (dsterf).
//     With vectors: divide and conquer (dstedc, dlaed0–dlaed4): the matrix is
//     split at negligible off-diagonals and, recursively, by rank-one tearing
//     into leaves of order ≤ 32 solved by implicit QL/QR (dsteqr); a merge
//     deflates small components of the updating vector and close poles (with
//     Givens rotations), solves the secular equation with a two-pole rational
//     model safeguarded by bisection, recomputes the updating vector from the
//     computed roots (Gu–Eisenstat) so the eigenvectors are orthogonal, and
//     multiplies the eigenvector blocks by kernels.Dgemm, skipping the known
//     zero blocks. Eigenvectors are kept transposed (one per row), so every
//     plane rotation in QL/QR and deflation combines two contiguous rows. If
//     divide and conquer fails, QL/QR on the whole matrix is the fallback.
//  4. Back-transformation V = Q·Z with blocks of 32 reflectors in compact-WY
//     form (dlarft) applied by three GEMMs each (dormtr).
//
// FactorizeWarm, given previous eigenvectors V of a nearby matrix: it checks
// that V is orthonormal to working accuracy (two random probes of VᵀV − I),
// forms T = A·V by GEMM, estimates ‖offdiag(VᵀAV)‖ from the column norms of
// T, and if that is small relative to ‖A‖ forms B = VᵀT, runs threshold
// cyclic Jacobi on B (rotations accumulated in Wᵀ, one contiguous row per
// column), and returns diag(B) sorted and V·W (GEMM). Otherwise, or if Jacobi
// needs more than a few sweeps, it falls back to the cold solve. The result
// satisfies the same bounds as Factorize. For perturbations that are not
// small compared to the eigenvalue gaps the warm start is not faster than a
// cold solve (VᵀAV and V·W alone cost 6n³ flops).
//
// Implementation is gonum's native LAPACK with Dsyev routed to this solver,
// so lapack64.Use(eigen.Implementation{}) makes mat.EigenSym use it.
package eigen
