package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/text"
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

// intTicks marks only integer values (steps, indices) and labels them
// without decimals: plot.DefaultTicks would write 25.00 and 125.00.
type intTicks struct{}

func (intTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for _, t := range (plot.DefaultTicks{}).Ticks(lo, hi) {
		if t.Value != math.Trunc(t.Value) {
			continue
		}
		if t.Label != "" {
			t.Label = strconv.FormatFloat(t.Value, 'f', 0, 64)
		}
		ts = append(ts, t)
	}
	return ts
}

// combiningHat is U+0302, as in "F̂".
const combiningHat = "\u0302"

// hatText is text.Plain, except that a letter followed by a combining
// circumflex (F̂) is drawn as the letter with a caret stroked over it: the
// plain handler places every rune after the previous one, so the combining
// mark would land beside the letter, and the spacing circumflex U+02C6 is
// drawn only once per canvas by the rasteriser's glyph cache. Rotated or
// multi-line text is left to the plain handler.
type hatText struct{ text.Plain }

// Box measures txt without its combining circumflexes, which take no room.
func (h hatText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	return h.Plain.Box(strings.ReplaceAll(txt, combiningHat, ""), fnt)
}

// Draw draws txt without its combining circumflexes, then a caret over
// each letter that had one.
func (h hatText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	clean := strings.ReplaceAll(txt, combiningHat, "")
	if clean == txt || sty.Rotation != 0 || strings.Contains(txt, "\n") {
		h.Plain.Draw(c, txt, sty, pt)
		return
	}
	h.Plain.Draw(c, clean, sty, pt)
	face := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	em := sty.Font.Size
	x0 := pt.X + vg.Length(sty.XAlign)*face.Width(clean)
	// The baseline, as text.Plain places a single line.
	y := pt.Y + sty.Height(clean)*vg.Length(sty.YAlign) - face.Extents().Ascent + em
	c.Push()
	defer c.Pop()
	c.SetColor(sty.Color)
	c.SetLineWidth(0.06 * em)
	c.SetLineDash(nil, 0)
	prefix, base := "", ""
	for _, r := range txt {
		if string(r) != combiningHat {
			prefix += base
			base = string(r)
			continue
		}
		// A caret centred over the letter, just above capital height.
		xc := x0 + face.Width(prefix) + face.Width(base)/2
		var p vg.Path
		p.Move(vg.Point{X: xc - 0.16*em, Y: y + 0.72*em})
		p.Line(vg.Point{X: xc, Y: y + 0.84*em})
		p.Line(vg.Point{X: xc + 0.16*em, Y: y + 0.72*em})
		c.Stroke(p)
	}
}

// newPlot returns a plot with a grid and a legend; its x axis counts
// (steps or indices) and gets integer ticks. Titles and legends draw F̂
// with hatText.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	hats := hatText{text.Plain{Fonts: font.DefaultCache}}
	p.Title.TextStyle.Handler = hats
	p.Legend.TextStyle.Handler = hats
	p.Title.Text = title
	p.X.Label.Text = x
	p.X.Tick.Marker = intTicks{}
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
