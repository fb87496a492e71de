package ssl

import "math"

// lbfgs minimises f from x (updated in place) with limited-memory BFGS
// (memory m, two-loop recursion) and a backtracking Armijo line search. f
// returns the value and, when grad is non-nil, writes the gradient. It stops
// after maxIter iterations, when ‖∇f‖∞ < gtol, or when no decrease is found.
// (gonum's optimize package cannot be used: it pulls in a module that is not
// in go.sum.)
func lbfgs(f func(x, grad []float64) float64, x []float64, maxIter, m int, gtol float64) float64 {
	n := len(x)
	g := make([]float64, n)
	gn := make([]float64, n)
	xn := make([]float64, n)
	dir := make([]float64, n)
	s := make([][]float64, m)
	y := make([][]float64, m)
	rho := make([]float64, m)
	alpha := make([]float64, m)
	for i := range s {
		s[i] = make([]float64, n)
		y[i] = make([]float64, n)
	}
	fx := f(x, g)
	head, count := 0, 0
	for it := 0; it < maxIter; it++ {
		var gmax float64
		for _, v := range g {
			gmax = math.Max(gmax, math.Abs(v))
		}
		if gmax < gtol || math.IsNaN(fx) {
			break
		}
		// Two-loop recursion: dir = −H·g.
		copy(dir, g)
		for k := 0; k < count; k++ {
			i := (head - 1 - k + m) % m
			alpha[i] = rho[i] * dot64s(s[i], dir)
			for j := range dir {
				dir[j] -= alpha[i] * y[i][j]
			}
		}
		gamma := 1.0
		if count > 0 {
			i := (head - 1 + m) % m
			gamma = dot64s(s[i], y[i]) / dot64s(y[i], y[i])
		} else {
			gamma = 1 / math.Max(gmax, 1)
		}
		for j := range dir {
			dir[j] *= gamma
		}
		for k := count - 1; k >= 0; k-- {
			i := (head - 1 - k + m) % m
			b := rho[i] * dot64s(y[i], dir)
			for j := range dir {
				dir[j] += s[i][j] * (alpha[i] - b)
			}
		}
		for j := range dir {
			dir[j] = -dir[j]
		}
		slope := dot64s(g, dir)
		if slope >= 0 { // not a descent direction: restart from steepest descent
			for j := range dir {
				dir[j] = -g[j] * gamma
			}
			slope = dot64s(g, dir)
			count = 0
		}
		step := 1.0
		var fn float64
		found := false
		for ls := 0; ls < 40; ls++ {
			for j := range xn {
				xn[j] = x[j] + step*dir[j]
			}
			fn = f(xn, gn)
			if fn <= fx+1e-4*step*slope {
				found = true
				break
			}
			step *= 0.5
		}
		if !found {
			break
		}
		i := head
		for j := 0; j < n; j++ {
			s[i][j] = xn[j] - x[j]
			y[i][j] = gn[j] - g[j]
		}
		if sy := dot64s(s[i], y[i]); sy > 1e-12 {
			rho[i] = 1 / sy
			head = (head + 1) % m
			count = min(count+1, m)
		}
		copy(x, xn)
		copy(g, gn)
		fx = fn
	}
	return fx
}
