package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/directpred/directpred/ssl"
)

// progress reports training progress: one line rewritten in place on a
// terminal, plain lines every 10% of the run (or every 5 s) otherwise.
type progress struct {
	w   io.Writer
	tty bool
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, tty: ok && isTerminal(f.Fd())}
}

func (p *progress) note(format string, args ...any) {
	fmt.Fprintf(p.w, format+"\n", args...)
}

// progLine is the progress of one run.
type progLine struct {
	p            *progress
	label        string
	start, last  time.Time
	step0, total int
	lastStep     int
	live         bool // a line without newline is on the terminal
}

func (p *progress) start(label string, step, total int) *progLine {
	now := time.Now()
	return &progLine{p: p, label: label, start: now, last: now, step0: step, total: total, lastStep: step}
}

// fmtETA formats a duration as 1m05s / 42s.
func fmtETA(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	if s >= 60 {
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%ds", s)
}

func (l *progLine) update(pr ssl.Progress) {
	now := time.Now()
	el := now.Sub(l.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(pr.Step-l.step0) / el
	}
	eta := "?"
	if rate > 0 {
		eta = fmtETA(time.Duration(float64(pr.Steps-pr.Step) / rate * float64(time.Second)))
	}
	line := fmt.Sprintf("%-10s step %*d/%d  loss %.4f  eff.rank %6.2f  %5.2f steps/s  ETA %s",
		l.label, len(fmt.Sprint(pr.Steps)), pr.Step, pr.Steps, pr.Loss, pr.Diag.EffRank, rate, eta)
	if l.p.tty {
		fmt.Fprintf(l.p.w, "\r\x1b[K%s", line)
		l.live = true
		return
	}
	tenth := max(1, (l.total-l.step0)/10)
	if pr.Step == pr.Steps || pr.Step-l.lastStep >= tenth || now.Sub(l.last) >= 5*time.Second {
		fmt.Fprintln(l.p.w, line)
		l.last, l.lastStep = now, pr.Step
	}
}

func (l *progLine) finish() {
	if l.live {
		fmt.Fprintln(l.p.w)
		l.live = false
	}
}
