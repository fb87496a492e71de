// Package eigen computes eigenvalues and eigenvectors of real symmetric
// matrices: the cold solve at LAPACK dsyevd's algorithmic level, and a warm
// start for a matrix that changed little since its last decomposition. Its
// Implementation is a gonum LAPACK backend (lapack64.Use) with that solver
// and our own LU, QR, SVD and non-symmetric eigensolver.
//
// # Storage
//
// Matrices are row-major with a leading dimension (stride) ld ≥ max(1, n):
// element (i, j) of an n×n matrix a is a[i*lda+j]. Factorize reads only the
// lower triangle a[i*lda+j], j ≤ i (the strict upper triangle may hold
// anything, NaN included) and never modifies a. Eigenvalues are returned in
// ascending order; VectorsTo writes the eigenvectors as the columns of an n×n
// row-major matrix, column j belonging to Values()[j].
//
// Sym[float32] works in float32 for the O(n³) parts (reduction, eigenvector
// updates, back-transformation: kernels.Sgemm/Sdot/Saxpy, like LAPACK
// ssyevd), while the tridiagonal eigenvalue computations (QL/QR, secular
// equations) run in float64; its accuracy is that of float32 (ulp 2⁻²³).
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
//  3. Eigenvalues only: implicit QL/QR without vectors (dsteqr). The
//     root-free variant (dsterf) was dropped after fuzzing found a graded
//     tridiagonal on which it, like LAPACK's own dsterf, is off by 3e−11
//     relative in the largest eigenvalue. When QL/QR runs out of iterations
//     (it can on strongly graded tridiagonals, as LAPACK's dsteqr does), the
//     values come from divide and conquer instead.
//     With vectors: divide and conquer (dstedc, dlaed0–dlaed4): the matrix is
//     split at negligible off-diagonals and, recursively, by rank-one tearing
//     into leaves of order ≤ 24 solved by implicit QL/QR (dsteqr); a merge
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
// Threads: every phase uses up to GOMAXPROCS threads, and the results are
// bitwise identical for any GOMAXPROCS, because work is cut into chunks
// that depend only on the sizes and each chunk writes its own outputs. The
// reduction runs its per-column steps (the symmetric matrix-vector product
// by row chunks of equal triangle area, each into its own partial vector,
// summed in chunk order; the rank-j corrections by element ranges) and the
// rank-2k update (row blocks, largest first) on a team of helpers that spin
// between steps for the length of one reduction (a step is a few
// microseconds of work). Divide and conquer solves its leaves in parallel
// and merges level by level: small merges side by side, large ones with
// their secular equations, the recomputed updating vector, the rows of the
// eigenvector update and the row copies split over the workers, and their
// products on the parallel GEMM. The back-transformation forms the
// compact-WY factors of all blocks in parallel and then applies them to
// column chunks of V, one chunk per worker at a time. Sym.SetSerial keeps a
// solve on the calling goroutine (for solves that run beside other
// parallel work, such as a kernels.Background recomputation).
//
// FactorizeWarm, given previous eigenvectors V of a nearby matrix: it checks
// that V is orthonormal to working accuracy (two fixed ±1 probes of
// VᵀV − I), tests 16 sampled columns of A·V for off-diagonal mass, forms
// T = A·V by GEMM and counts the "active" columns j whose off-diagonal norm
// √(‖T e_j‖² − (v_jᵀT e_j)²) exceeds 1e−6·‖A‖_F, forms the lower triangle of
// B = VᵀT by GEMM, counts the entries above the Jacobi threshold 8·u·max|b_ii|,
// runs threshold cyclic Jacobi on B (rotations accumulated in Wᵀ, one
// contiguous row per column), and returns diag(B) sorted and V·W, where only
// the columns touched by a rotation are recomputed (a small GEMM). Whenever
// the cost model predicts that Jacobi would cost more than a cold solve (more
// than n/8 active columns, more than n²/32 rotations in the first sweep, or
// 8 sweeps / 3n²/32 rotations without convergence) it falls back to the cold
// solve. The result satisfies the same bounds as Factorize. The warm start
// pays off when the change is confined to few eigen-directions or below
// rounding level: a cyclic Jacobi sweep costs O(n) per rotation in scalar
// code, so a general perturbation (every pair of eigenvectors mixes, as with
// a 1e−2 random perturbation) takes the cold path, about 1.1–1.3× the cost
// of Factorize.
//
// # gonum's LAPACK
//
// Implementation is gonum's native LAPACK with Dsyev routed to this solver,
// so lapack64.Use(eigen.Implementation{}) makes mat.EigenSym use it. It
// overrides the routines behind mat's other factorizations as well (LU, QR,
// the condition estimates, the SVD and the non-symmetric eigensolver; see
// Implementation), each a port of its LAPACK routine arranged for
// row-major storage: row-major is LAPACK's column-major transposed, so a
// loop that walks a column in LAPACK walks a row here only if the
// algorithm is transposed too (Dtrevc3's right eigenvectors by LAPACK's
// left-vector solve, Dbdsqr's U rotated as Uᵀ).
package eigen
