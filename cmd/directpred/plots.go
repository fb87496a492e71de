package main

import (
	"fmt"
	"math"
	"path/filepath"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// Plot file names in the output folder.
const (
	plotLoss      = "loss.png"
	plotSpectrum  = "spectrum.png"
	plotEffRank   = "effective_rank.png"
	plotAlignment = "alignment.png"
)

// xys keeps the finite points (and, for log scale, floors |y| at floor).
func xys(xs, ys []float64, logFloor float64) plotter.XYs {
	var pts plotter.XYs
	for i := range xs {
		y := ys[i]
		if logFloor > 0 {
			y = math.Max(math.Abs(y), logFloor)
		}
		if math.IsNaN(y) || math.IsInf(y, 0) || math.IsNaN(xs[i]) {
			continue
		}
		pts = append(pts, plotter.XY{X: xs[i], Y: y})
	}
	return pts
}

func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	return p
}

// addLine adds a line (skipped when it has no finite point).
func addLine(p *plot.Plot, name string, pts plotter.XYs, color int, dashed bool) error {
	if len(pts) == 0 {
		return nil
	}
	l, err := plotter.NewLine(pts)
	if err != nil {
		return err
	}
	l.Color = plotutil.Color(color)
	l.Width = vg.Points(1.5)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	p.Add(l)
	p.Legend.Add(name, l)
	return nil
}

// history extracts step and one quantity from a run's history.
func history(r *runResult, f func(h histPoint) float64) (xs, ys []float64) {
	for _, h := range r.history {
		xs = append(xs, float64(h.Step))
		ys = append(ys, f(h))
	}
	return xs, ys
}

// writePlots draws the four PNG files into dir and returns their paths.
func writePlots(dir string, rs []*runResult) ([]string, error) {
	type fig struct {
		name string
		p    *plot.Plot
	}
	var figs []fig

	curves := func(file, title, ylabel string, f func(h histPoint) float64, log bool) error {
		p := newPlot(title, "step", ylabel)
		for i, r := range rs {
			xs, ys := history(r, f)
			floor := 0.0
			if log {
				floor = 1e-12
			}
			if err := addLine(p, r.Method, xys(xs, ys, floor), i, false); err != nil {
				return err
			}
		}
		if log {
			p.Y.Scale = plot.LogScale{}
			p.Y.Tick.Marker = plot.LogTicks{Prec: -1}
		}
		figs = append(figs, fig{file, p})
		return nil
	}
	if err := curves(plotLoss, "Training loss", "loss (mean between diagnostics)", func(h histPoint) float64 { return h.Loss }, false); err != nil {
		return nil, err
	}
	if err := curves(plotEffRank, "Effective rank of F̂", "exp(entropy of normalised eigenvalues)", func(h histPoint) float64 { return h.EffRank }, false); err != nil {
		return nil, err
	}
	if err := curves(plotAlignment, "Alignment of W_p with the eigenvectors of F̂", "mean |uᵀW_p u| / ‖W_p u‖", func(h histPoint) float64 { return h.Alignment }, false); err != nil {
		return nil, err
	}

	sp := newPlot("Eigenvalue spectra at the end (|λ|, descending)", "index", "|eigenvalue| (log scale)")
	any := false
	for i, r := range rs {
		for k, s := range [][]float64{r.fSpec, r.wpSpec} {
			if len(s) == 0 {
				continue
			}
			xs := make([]float64, len(s))
			for j := range xs {
				xs[j] = float64(j + 1)
			}
			name := fmt.Sprintf("F̂ (%s)", r.Method)
			if k == 1 {
				name = fmt.Sprintf("W_p (%s)", r.Method)
			}
			if err := addLine(sp, name, xys(xs, s, 1e-12), i, k == 1); err != nil {
				return nil, err
			}
			any = true
		}
	}
	if any {
		sp.Y.Scale = plot.LogScale{}
		sp.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	figs = append(figs, fig{plotSpectrum, sp})

	var paths []string
	for _, f := range figs {
		path := filepath.Join(dir, f.name)
		if err := f.p.Save(7*vg.Inch, 4.5*vg.Inch, path); err != nil {
			return nil, fmt.Errorf("plot %s: %w", path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}
