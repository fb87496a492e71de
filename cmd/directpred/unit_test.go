package main

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"

	"github.com/directpred/directpred/ssl"
)

func TestParseDims(t *testing.T) {
	s := ssl.NetSpec{Bias: true}
	if err := parseDims("784,1024:1024,512,128", &s); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.Backbone, []int{784, 1024}) || !reflect.DeepEqual(s.Projector, []int{1024, 512, 128}) || !s.Bias || s.BNAffine {
		t.Errorf("got %+v: want the widths set and the other fields kept", s)
	}
	if err := parseDims("16:16", &s); err != nil || len(s.Backbone) != 1 || len(s.Projector) != 1 {
		t.Errorf("16:16: %v %v", s, err)
	}
	for _, bad := range []string{"", "784", "784,a:a", "784,10:11,2", "0:0", "1:1:1", "784,-3:-3"} {
		if err := parseDims(bad, &s); err == nil {
			t.Errorf("parseDims(%q) accepted", bad)
		}
	}
}

// TestUsageMatchesConstants keeps the usage text true to the defaults.
func TestUsageMatchesConstants(t *testing.T) {
	for _, want := range []string{
		fmt.Sprintf("%d steps", demoSteps),
		fmt.Sprintf("default %d, %d with DIRECTPRED_QUICK=1", demoSteps, demoQuickSteps),
		fmt.Sprintf("(%d steps per\n", demoQuickSteps),
		fmt.Sprintf("batch %d", demoBatch),
		"default ./" + defaultOut,
	} {
		if !strings.Contains(usageText, want) {
			t.Errorf("usage text lacks %q", want)
		}
	}
}

func TestSmallHelpers(t *testing.T) {
	if got := fmtETA(65 * time.Second); got != "1m05s" {
		t.Errorf("fmtETA = %s", got)
	}
	if got := fmtETA(1400 * time.Millisecond); got != "1s" {
		t.Errorf("fmtETA = %s", got)
	}
	v := synthNoise(5)
	if !reflect.DeepEqual(v, []float64{0.1, 0.1, 1, 1, 1}) {
		t.Errorf("synthNoise(5) = %v", v)
	}
	if kib(32<<10) != "32 KiB" || kib(1<<20) != "1 MiB" || kib(-1) != "unknown" {
		t.Errorf("kib: %s %s %s", kib(32<<10), kib(1<<20), kib(-1))
	}
	if finite(1.5) == nil || *finite(1.5) != 1.5 || finite(nan()) != nil {
		t.Error("finite")
	}
	if oneLine("ssl: a\nb") != "a; b" {
		t.Errorf("oneLine = %q", oneLine("ssl: a\nb"))
	}
}

func nan() float64 { z := 0.0; return z / z }

// TestIntTicks: step and index axes are labelled with integers only.
func TestIntTicks(t *testing.T) {
	for _, r := range [][2]float64{{0, 125}, {1, 12}, {0, 240}, {1, 3}, {0, 1e5}} {
		var labelled int
		for _, tk := range (intTicks{}).Ticks(r[0], r[1]) {
			if tk.Value != math.Trunc(tk.Value) {
				t.Errorf("%v: tick at %g", r, tk.Value)
			}
			if tk.Label == "" {
				continue
			}
			labelled++
			if v, err := strconv.Atoi(tk.Label); err != nil || float64(v) != tk.Value {
				t.Errorf("%v: label %q for %g", r, tk.Label, tk.Value)
			}
		}
		if labelled < 2 {
			t.Errorf("%v: %d labelled ticks", r, labelled)
		}
	}
}

// TestHatTextBox: a combining circumflex takes no room.
func TestHatTextBox(t *testing.T) {
	h := hatText{text.Plain{Fonts: font.DefaultCache}}
	fnt := font.Font{Typeface: "Liberation", Variant: "Serif", Size: 12}
	w1, h1, d1 := h.Box("F\u0302 (directpred)", fnt)
	w2, h2, d2 := h.Plain.Box("F (directpred)", fnt)
	if w1 != w2 || h1 != h2 || d1 != d2 || w1 <= 0 {
		t.Errorf("box %v %v %v, want the box of the text without the mark %v %v %v", w1, h1, d1, w2, h2, d2)
	}
}

// TestTrainUsageDefaultsOnce: every flag's default appears once in the
// train usage (the flag package adds "(default …)" itself).
func TestTrainUsageDefaultsOnce(t *testing.T) {
	var out strings.Builder
	run([]string{"train", "-h"}, &out, &out)
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Count(line, "(default ") > 1 {
			t.Errorf("default repeated: %q", line)
		}
	}
	if !strings.Contains(out.String(), "(default cosine)") {
		t.Errorf("train usage lacks the loss default:\n%s", out.String())
	}
}
