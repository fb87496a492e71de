package eigen

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
)

// Tuning parameters of the small-bulge multishift QR algorithm, as LAPACK's
// IPARMQ numbers them (the ispec argument of iparmq).
const (
	ispecNmin   = 12 // order below which the double-shift Dlahqr is used
	ispecWindow = 13 // recommended deflation window size
	ispecNibble = 14 // percentage of deflations that skips a QR sweep
	ispecShifts = 15 // number of simultaneous shifts
	ispecAcc22  = 16 // whether Dlaqr5 accumulates reflectors for GEMMs
)

// hqrNtiny is the largest order the multishift driver hands to Dlahqr
// outright: smaller matrices lack the scratch space below the subdiagonal
// that the deflation window and the sweeps use (LAPACK 3.10+ value).
const hqrNtiny = 15

// iparmq returns LAPACK's IPARMQ parameter ispec (one of the ispec*
// constants) for the multishift QR iteration (DHSEQR, DLAQR0-DLAQR4) on an
// active block of order nh = ihi−ilo+1. The number of shifts grows with nh
// as in LAPACK, where each of the successive tests overrides the previous
// one: 2 below 30, 4 from 30, 10 from 60, max(10, nh/round(log₂ nh)) from
// 150, 64 from 590, 128 from 3000, 256 from 6000, rounded down to an even
// number ≥ 2. (gonum v0.17.0's Iparmq stops at its first true case and so
// returns 4 shifts for every nh ≥ 30, and truncates the logarithm.) The
// deflation window is the number of shifts, or 3/2 of it above nh = 500;
// the crossover to Dlahqr is 75, the nibble 14, and Dlaqr5 accumulates its
// reflectors (kacc22 = 2, which gonum treats as 1) once there are at least
// 14 shifts. iparmq panics for any other ispec.
func iparmq(ispec, nh int) int {
	ns := 2
	if nh >= 30 {
		ns = 4
	}
	if nh >= 60 {
		ns = 10
	}
	if nh >= 150 {
		ns = max(10, nh/int(math.Round(math.Log2(float64(nh)))))
	}
	if nh >= 590 {
		ns = 64
	}
	if nh >= 3000 {
		ns = 128
	}
	if nh >= 6000 {
		ns = 256
	}
	ns = max(2, ns-ns%2)
	switch ispec {
	case ispecNmin:
		return 75
	case ispecWindow:
		if nh <= 500 {
			return ns
		}
		return 3 * ns / 2
	case ispecNibble:
		return 14
	case ispecShifts:
		return ns
	case ispecAcc22:
		if ns >= 14 {
			return 2
		}
		return 0
	}
	panic("eigen: bad ispec")
}

// laqr04 is the small-bulge multishift QR algorithm with aggressive early
// deflation, following LAPACK's DLAQR0 (recur > 0) and DLAQR4 (recur == 0),
// with gonum's Dlaqr04 argument conventions (wr and wi cover rows
// 0..ihi; lwork = −1 is a workspace query that stores the optimal length
// into work[0] without touching h or z; lwork ≥ n is required for n >
// hqrNtiny; the result is 0 or, if the iteration limit was hit, one past
// the last unconverged row). Arguments are not checked: the callers
// (Dhseqr and laqr23) pass valid ones.
//
// The parameters come from iparmq, so the number of shifts and the
// deflation window grow with the order as in LAPACK. The sweeps are
// gonum's Dlaqr5 (with reflector accumulation and GEMM updates from 14
// shifts on), the deflation windows this package's laqr23 (which recurses
// into laqr04, not into gonum's Dlaqr04), the small cases gonum's Dlahqr.
func (impl Implementation) laqr04(wantt, wantz bool, n, ilo, ihi int, h []float64, ldh int, wr, wi []float64, iloz, ihiz int, z []float64, ldz int, work []float64, lwork int, recur int) (unconverged int) {
	const (
		// After kexnw iterations without a deflation the window size
		// is varied, every kexsh such iterations exceptional shifts are
		// used.
		kexnw = 5
		kexsh = 6
		// Exceptional shifts are the eigenvalues of
		// [[a, ss], [wilk2·ss, a]] with a = h[i,i] + wilk1·ss.
		wilk1 = 0.75
		wilk2 = -0.4375
	)
	g := impl.Implementation

	if n == 0 {
		work[0] = 1
		return 0
	}
	if n <= hqrNtiny {
		if lwork == -1 {
			work[0] = 1
			return 0
		}
		return g.Dlahqr(wantt, wantz, n, ilo, ihi, h, ldh, wr, wi, iloz, ihiz, z, ldz)
	}

	nh := ihi - ilo + 1
	// Recommended window size and number of shifts, limited by the
	// scratch space below the subdiagonal (n > hqrNtiny leaves room for
	// a window of at least 2 and for 2 shifts).
	nwr := min(nh, (n-1)/3, max(2, iparmq(ispecWindow, nh)))
	nsr := max(2, min(iparmq(ispecShifts, nh), (n-3)/6, ihi-ilo)&^1)

	// Workspace: the largest of the deflation window's (queried for the
	// largest window the loop below picks when the workspace is ample),
	// Dlaqr5's 3·ns/2 and the documented minimum n. (LAPACK's DLAQR0
	// leaves n out, relying on DHSEQR's lwork ≥ n: with less, a block of
	// order 2 can get windows of order 1 only, which never deflate a
	// complex pair.)
	impl.laqr23(wantt, wantz, n, ilo, ihi, nwr+1, h, ldh, iloz, ihiz, z, ldz,
		wr, wi, h, ldh, n, h, ldh, n, h, ldh, work, -1, recur)
	lwkopt := max(n, 3*nsr/2, int(work[0]))
	if lwork == -1 {
		work[0] = float64(lwkopt)
		return 0
	}

	nmin := max(hqrNtiny, iparmq(ispecNmin, nh))
	nibble := max(0, iparmq(ispecNibble, nh))
	kacc22 := max(0, min(iparmq(ispecAcc22, nh), 2))

	// The largest window and number of shifts the workspace allows.
	nwmax := min((n-1)/3, lwork/2)
	nsmax := min((n-3)/6, 2*lwork/3) &^ 1
	nw := nwmax

	ndfl := 1 // iterations since the last deflation
	ndec := 0 // window size decrement in the exceptional case
	itmax := max(30, 2*kexsh) * max(10, nh)

	kbot := ihi
	for it := 0; kbot >= ilo; it++ {
		if it == itmax {
			unconverged = kbot + 1
			break
		}
		// The active block is rows ktop..kbot.
		ktop := ilo
		for k := kbot; k > ilo; k-- {
			if h[k*ldh+k-1] == 0 {
				ktop = k
				break
			}
		}

		// Window size: normally nwr (or nwr+1 if that puts the window's
		// spike on the smaller of two subdiagonal entries), the whole
		// block if it nearly fits; after kexnw iterations without
		// deflation first double the window up to the maximum, then
		// shrink it step by step.
		nha := kbot - ktop + 1
		nwupbd := min(nha, nwmax)
		if ndfl < kexnw {
			nw = min(nwupbd, nwr)
		} else {
			nw = min(nwupbd, 2*nw)
		}
		if nw < nwmax {
			if nw >= nha-1 {
				nw = nha
			} else {
				kwtop := kbot - nw + 1
				if math.Abs(h[kwtop*ldh+kwtop-1]) > math.Abs(h[(kwtop-1)*ldh+kwtop-2]) {
					nw++
				}
			}
		}
		if ndfl < kexnw {
			ndec = -1
		} else if ndec >= 0 || nw >= nwupbd {
			ndec++
			if nw-ndec < 2 {
				ndec = 0
			}
			nw -= ndec
		}

		// Aggressive early deflation. Scratch space below the
		// subdiagonal: V (nw×nw) in the bottom left corner, T (nw×nho)
		// to its right along the bottom, WV (nve×nw) up the left edge.
		kv := n - nw
		kt := nw
		kwv := nw + 1
		nho := n - kwv - kt
		ls, ld := impl.laqr23(wantt, wantz, n, ktop, kbot, nw, h, ldh, iloz, ihiz, z, ldz,
			wr[:kbot+1], wi[:kbot+1], h[kv*ldh:], ldh, nho, h[kv*ldh+kt:], ldh, nho, h[kwv*ldh:], ldh,
			work, lwork, recur)
		kbot -= ld
		ks := kbot - ls + 1 // first shift returned by the window

		// Skip the sweep when the window deflated enough (at least
		// nibble percent of it) or the remaining block is small.
		if ld > 0 && (100*ld > nw*nibble || kbot-ktop+1 <= min(nmin, nwmax)) {
			ndfl = 1
			continue
		}

		ns := min(nsmax, nsr, max(2, kbot-ktop)) &^ 1
		if ndfl%kexsh == 0 {
			// Exceptional shifts from the trailing subdiagonal.
			ks = kbot - ns + 1
			for i := kbot; i >= max(ks+1, ktop+2); i -= 2 {
				ss := math.Abs(h[i*ldh+i-1]) + math.Abs(h[(i-1)*ldh+i-2])
				aa := wilk1*ss + h[i*ldh+i]
				_, _, _, _, wr[i-1], wi[i-1], wr[i], wi[i], _, _ = g.Dlanv2(aa, ss, wilk2*ss, aa)
			}
			if ks == ktop {
				wr[ks+1] = h[(ks+1)*ldh+ks+1]
				wi[ks+1] = 0
				wr[ks] = wr[ks+1]
				wi[ks] = wi[ks+1]
			}
		} else {
			if kbot-ks+1 <= ns/2 {
				// Too few shifts from the window: take the
				// eigenvalues of the trailing ns×ns submatrix,
				// copied into the scratch space at the bottom
				// left (ns ≤ nsmax ≤ (n−3)/6 rows fit).
				ks = kbot - ns + 1
				kt = n - ns
				g.Dlacpy(blas.All, ns, ns, h[ks*ldh+ks:], ldh, h[kt*ldh:], ldh)
				if ns > nmin && recur > 0 {
					ks += impl.laqr04(false, false, ns, 0, ns-1, h[kt*ldh:], ldh,
						wr[ks:ks+ns], wi[ks:ks+ns], 0, 0, nil, 1, work, lwork, recur-1)
				} else {
					ks += g.Dlahqr(false, false, ns, 0, ns-1, h[kt*ldh:], ldh,
						wr[ks:ks+ns], wi[ks:ks+ns], 0, 0, nil, 1)
				}
				if ks >= kbot {
					// Rare failure: use the trailing 2×2
					// block's eigenvalues.
					_, _, _, _, wr[kbot-1], wi[kbot-1], wr[kbot], wi[kbot], _, _ = g.Dlanv2(
						h[(kbot-1)*ldh+kbot-1], h[(kbot-1)*ldh+kbot],
						h[kbot*ldh+kbot-1], h[kbot*ldh+kbot])
					ks = kbot - 1
				}
			}
			if kbot-ks+1 > ns {
				// Keep the ns smallest in magnitude at the end:
				// a bubble sort by decreasing |re|+|im| that
				// keeps conjugate pairs adjacent.
				for k := kbot; k > ks; k-- {
					swapped := false
					for i := ks; i < k; i++ {
						if math.Abs(wr[i])+math.Abs(wi[i]) < math.Abs(wr[i+1])+math.Abs(wi[i+1]) {
							wr[i], wr[i+1] = wr[i+1], wr[i]
							wi[i], wi[i+1] = wi[i+1], wi[i]
							swapped = true
						}
					}
					if !swapped {
						break
					}
				}
			}
			// Pair the shifts: real ones two by two, conjugate
			// pairs (already adjacent) together.
			for i := kbot; i > ks+1; i -= 2 {
				if wi[i] != -wi[i-1] {
					wr[i], wr[i-1], wr[i-2] = wr[i-1], wr[i-2], wr[i]
					wi[i], wi[i-1], wi[i-2] = wi[i-1], wi[i-2], wi[i]
				}
			}
		}

		// Two real shifts: use the one closer to h[kbot,kbot] twice.
		if kbot-ks+1 == 2 && wi[kbot] == 0 {
			if math.Abs(wr[kbot]-h[kbot*ldh+kbot]) < math.Abs(wr[kbot-1]-h[kbot*ldh+kbot]) {
				wr[kbot-1] = wr[kbot]
			} else {
				wr[kbot] = wr[kbot-1]
			}
		}

		// Use the last ns shifts (at most as many as there are, even).
		ns = min(ns, kbot-ks+1) &^ 1
		ks = kbot - ns + 1

		// Small-bulge sweep. Scratch space below the subdiagonal: U
		// (kdu×kdu) in the bottom left corner, WH (kdu×nho) to its
		// right, WV (nve×kdu) up the left edge; V (3 × ns/2) in work.
		kdu := 2 * ns
		ku := n - kdu
		kwh := kdu
		kwv = kdu + 3
		nho = n - kdu - kwv
		g.Dlaqr5(wantt, wantz, kacc22, n, ktop, kbot, ns, wr[ks:ks+ns], wi[ks:ks+ns], h, ldh,
			iloz, ihiz, z, ldz, work, 3, h[ku*ldh:], ldh, nho, h[kwv*ldh:], ldh, nho, h[ku*ldh+kwh:], ldh)

		if ld > 0 {
			ndfl = 1
		} else {
			ndfl++
		}
	}
	work[0] = float64(lwkopt)
	return unconverged
}

// laqr23 is aggressive early deflation, following LAPACK's DLAQR3 (recur >
// 0: the window's Schur form by laqr04 once it is larger than nmin) and
// DLAQR2 (recur == 0: always Dlahqr), with gonum's Dlaqr23 argument
// conventions: it examines the trailing nw×nw window of the active block
// ktop..kbot of H, reduces it to Schur form, deflates the eigenvalues whose
// spike component is negligible, returns the rest (ns of them, in
// sr/si[kbot−nd−ns+1 : kbot−nd+1], usable as shifts) and the number nd of
// deflated ones (in sr/si[kbot−nd+1 : kbot+1]), and restores the window to
// Hessenberg form, updating the rest of H (all of it if wantt, else only
// the active block) and rows iloz..ihiz of Z with GEMMs. v (nw×nw), t
// (nw×nh, nh ≥ nw) and wv (nv×nw) are scratch matrices; lwork = −1 is a
// workspace query. Arguments are not checked (the caller is laqr04).
//
// It differs from gonum's Dlaqr23 in recursing into laqr04, whose shift
// counts follow LAPACK, instead of gonum's Dlaqr04, and in limiting the
// window to the active block as LAPACK does.
func (impl Implementation) laqr23(wantt, wantz bool, n, ktop, kbot, nw int, h []float64, ldh int, iloz, ihiz int, z []float64, ldz int, sr, si []float64, v []float64, ldv int, nh int, t []float64, ldt int, nv int, wv []float64, ldwv int, work []float64, lwork int, recur int) (ns, nd int) {
	g := impl.Implementation
	jw := min(nw, kbot-ktop+1)
	lwkopt := 1
	if jw > 2 {
		// Dgehrd and Dormhr on the window after jw words of
		// reflector scalars, or the window's QR iteration.
		g.Dgehrd(jw, 0, jw-2, t, ldt, work, work, -1)
		lwk1 := int(work[0])
		g.Dormhr(blas.Right, blas.NoTrans, jw, jw, 0, jw-2, t, ldt, work, v, ldv, work, -1)
		lwk2 := int(work[0])
		lwkopt = jw + max(lwk1, lwk2)
		if recur > 0 {
			impl.laqr04(true, true, jw, 0, jw-1, t, ldt, sr, si, 0, jw-1, v, ldv, work, -1, recur-1)
			lwkopt = max(lwkopt, int(work[0]))
		}
	}
	if lwork == -1 {
		work[0] = float64(lwkopt)
		return 0, 0
	}
	work[0] = 1
	if ktop > kbot || nw < 1 {
		return 0, 0
	}

	const (
		safmin = 0x1p-1022
		ulp    = 0x1p-52
	)
	smlnum := safmin * (float64(n) / ulp)

	// The window is rows and columns kwtop..kbot; s is its spike's
	// scale, the subdiagonal entry left of it.
	kwtop := kbot - jw + 1
	var s float64
	if kwtop != ktop {
		s = h[kwtop*ldh+kwtop-1]
	}
	if kwtop == kbot {
		// A 1×1 window.
		sr[kwtop] = h[kwtop*ldh+kwtop]
		si[kwtop] = 0
		if math.Abs(s) <= math.Max(smlnum, ulp*math.Abs(h[kwtop*ldh+kwtop])) {
			if kwtop > ktop {
				h[kwtop*ldh+kwtop-1] = 0
			}
			return 0, 1
		}
		return 1, 0
	}

	// Schur form T = Vᵀ·W·V of the window W. If its QR iteration fails
	// (rarely), the rows from infqr on are still used.
	bi := blas64.Implementation()
	g.Dlacpy(blas.Upper, jw, jw, h[kwtop*ldh+kwtop:], ldh, t, ldt)
	bi.Dcopy(jw-1, h[(kwtop+1)*ldh+kwtop:], ldh+1, t[ldt:], ldt+1)
	g.Dlaset(blas.All, jw, jw, 0, 1, v, ldv)
	var infqr int
	if recur > 0 && jw > iparmq(ispecNmin, jw) {
		infqr = impl.laqr04(true, true, jw, 0, jw-1, t, ldt, sr[kwtop:kbot+1], si[kwtop:kbot+1], 0, jw-1, v, ldv, work, lwork, recur-1)
	} else {
		infqr = g.Dlahqr(true, true, jw, 0, jw-1, t, ldt, sr[kwtop:kbot+1], si[kwtop:kbot+1], 0, jw-1, v, ldv)
	}

	// Dtrexc needs zeros below the subdiagonal.
	for j := 0; j < jw-3; j++ {
		t[(j+2)*ldt+j] = 0
		t[(j+3)*ldt+j] = 0
	}
	if jw > 2 {
		t[(jw-1)*ldt+jw-3] = 0
	}

	// Deflation detection: the window's trailing eigenvalues (rows
	// ns−1, or ns−2..ns−1 for a 2×2 block) deflate when their spike
	// components s·V[0, ·] are negligible; the others are moved up to
	// row ilst and the test goes on below them.
	ns = jw
	ilst := infqr
	for ilst < ns {
		if ns == 1 || t[(ns-1)*ldt+ns-2] == 0 {
			// A real eigenvalue.
			foo := math.Abs(t[(ns-1)*ldt+ns-1])
			if foo == 0 {
				foo = math.Abs(s)
			}
			if math.Abs(s*v[ns-1]) <= math.Max(smlnum, ulp*foo) {
				ns--
			} else {
				// Cannot fail for a 1×1 block.
				_, ilst, _ = g.Dtrexc(lapack.UpdateSchur, jw, t, ldt, v, ldv, ns-1, ilst, work)
				ilst++
			}
			continue
		}
		// A complex conjugate pair.
		foo := math.Abs(t[(ns-1)*ldt+ns-1]) + math.Sqrt(math.Abs(t[(ns-1)*ldt+ns-2]))*math.Sqrt(math.Abs(t[(ns-2)*ldt+ns-1]))
		if foo == 0 {
			foo = math.Abs(s)
		}
		if math.Max(math.Abs(s*v[ns-1]), math.Abs(s*v[ns-2])) <= math.Max(smlnum, ulp*foo) {
			ns -= 2
		} else {
			// On a (rare) exchange failure Dtrexc returns an
			// ilst that still makes progress.
			_, ilst, _ = g.Dtrexc(lapack.UpdateSchur, jw, t, ldt, v, ldv, ns-1, ilst, work)
			ilst += 2
		}
	}
	if ns == 0 {
		s = 0
	}

	if ns < jw {
		// Sort the undeflated diagonal blocks by decreasing magnitude
		// (better accuracy on graded matrices), by a bubble sort of
		// Dtrexc exchanges, which tolerates exchange failures.
		blockEnd := func(i, kend int) int {
			if i == kend || t[(i+1)*ldt+i] == 0 {
				return i + 1
			}
			return i + 2
		}
		magnitude := func(i, k int) float64 {
			if k == i+1 {
				return math.Abs(t[i*ldt+i])
			}
			return math.Abs(t[i*ldt+i]) + math.Sqrt(math.Abs(t[(i+1)*ldt+i]))*math.Sqrt(math.Abs(t[i*ldt+i+1]))
		}
		i := ns
		for sorted := false; !sorted; {
			sorted = true
			kend := i - 1
			i = infqr
			k := blockEnd(i, ns-1)
			for k <= kend {
				evi := magnitude(i, k)
				evk := magnitude(k, blockEnd(k, kend))
				if evi >= evk {
					i = k
				} else {
					sorted = false
					_, il, ok := g.Dtrexc(lapack.UpdateSchur, jw, t, ldt, v, ldv, i, k, work)
					if ok {
						i = il
					} else {
						i = k
					}
				}
				k = blockEnd(i, kend)
			}
		}
	}

	// The eigenvalues of the window (shifts and deflated ones) from T.
	for i := jw - 1; i >= infqr; {
		if i == infqr || t[i*ldt+i-1] == 0 {
			sr[kwtop+i] = t[i*ldt+i]
			si[kwtop+i] = 0
			i--
			continue
		}
		_, _, _, _, sr[kwtop+i-1], si[kwtop+i-1], sr[kwtop+i], si[kwtop+i], _, _ = g.Dlanv2(
			t[(i-1)*ldt+i-1], t[(i-1)*ldt+i], t[i*ldt+i-1], t[i*ldt+i])
		i -= 2
	}

	if ns < jw || s == 0 {
		if ns > 1 && s != 0 {
			// Reflect the undeflated part of the spike onto its
			// first component and return T's leading ns×ns block
			// to Hessenberg form; the reflector scalars of Dgehrd
			// stay in work[:ns−1], its workspace from jw.
			bi.Dcopy(ns, v, 1, work, 1)
			var tau float64
			_, tau = g.Dlarfg(ns, work[0], work[1:ns], 1)
			work[0] = 1
			g.Dlaset(blas.Lower, jw-2, jw-2, 0, 0, t[2*ldt:], ldt)
			g.Dlarf(blas.Left, ns, jw, work[:ns], 1, tau, t, ldt, work[jw:])
			g.Dlarf(blas.Right, ns, ns, work[:ns], 1, tau, t, ldt, work[jw:])
			g.Dlarf(blas.Right, jw, ns, work[:ns], 1, tau, v, ldv, work[jw:])
			g.Dgehrd(jw, 0, ns-1, t, ldt, work[:jw-1], work[jw:], lwork-jw)
		}

		// The reduced window back into H.
		if kwtop > 0 {
			h[kwtop*ldh+kwtop-1] = s * v[0]
		}
		g.Dlacpy(blas.Upper, jw, jw, t, ldt, h[kwtop*ldh+kwtop:], ldh)
		bi.Dcopy(jw-1, t[ldt:], ldt+1, h[(kwtop+1)*ldh+kwtop:], ldh+1)

		// The window's orthogonal factor V (times the reflectors of
		// the Hessenberg reduction).
		if ns > 1 && s != 0 {
			g.Dormhr(blas.Right, blas.NoTrans, jw, ns, 0, ns-1, t, ldt, work[:ns-1], v, ldv, work[jw:], lwork-jw)
		}

		// H[ltop:kwtop, window] ·= V, in slabs of nv rows through WV.
		ltop := 0
		if !wantt {
			ltop = ktop
		}
		for krow := ltop; krow < kwtop; krow += nv {
			kln := min(nv, kwtop-krow)
			bi.Dgemm(blas.NoTrans, blas.NoTrans, kln, jw, jw, 1, h[krow*ldh+kwtop:], ldh, v, ldv, 0, wv, ldwv)
			g.Dlacpy(blas.All, kln, jw, wv, ldwv, h[krow*ldh+kwtop:], ldh)
		}
		// H[window, kbot+1:n] = Vᵀ·(…), in slabs of nh columns through T.
		if wantt {
			for kcol := kbot + 1; kcol < n; kcol += nh {
				kln := min(nh, n-kcol)
				bi.Dgemm(blas.Trans, blas.NoTrans, jw, kln, jw, 1, v, ldv, h[kwtop*ldh+kcol:], ldh, 0, t, ldt)
				g.Dlacpy(blas.All, jw, kln, t, ldt, h[kwtop*ldh+kcol:], ldh)
			}
		}
		// Z[iloz:ihiz+1, window] ·= V.
		if wantz {
			for krow := iloz; krow <= ihiz; krow += nv {
				kln := min(nv, ihiz-krow+1)
				bi.Dgemm(blas.NoTrans, blas.NoTrans, kln, jw, jw, 1, z[krow*ldz+kwtop:], ldz, v, ldv, 0, wv, ldwv)
				g.Dlacpy(blas.All, kln, jw, wv, ldwv, z[krow*ldz+kwtop:], ldz)
			}
		}
	}

	nd = jw - ns
	// Eigenvalues left unconverged by a failed window QR are no shifts.
	ns -= infqr
	work[0] = float64(lwkopt)
	return ns, nd
}
