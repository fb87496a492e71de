package ssl

import (
	"slices"
	"testing"
)

// TestWarmStartBackoff checks the warm-start back-off of DirectSetter: after
// a warm attempt that falls back, the next 1, 2, 4, … recomputations are
// cold solves; a warm success resets the back-off.
func TestWarmStartBackoff(t *testing.T) {
	const d = 4
	f := []float64{4, 1, 0, 0, 1, 3, 0, 0, 0, 0, 2, 0.5, 0, 0, 0.5, 1}
	w := make([]float32, d*d)
	s := &scriptedEigen{warmOK: []bool{false, false, false, true, false}}
	ds := NewDirectSetter(PredDirectPred, d, 0.1, LossCosine, s)
	for i := 0; i < 14; i++ {
		if u := ds.Compute(f, w); !u.Applied {
			t.Fatalf("recomputation %d not applied: %s", i, u.Reason)
		}
	}
	want := []string{
		"cold",              // no eigenvectors yet
		"warm→cold", "cold", // back-off 1
		"warm→cold", "cold", "cold", // back-off 2
		"warm→cold", "cold", "cold", "cold", "cold", // back-off 4
		"warm", // success: no back-off
		"warm→cold", "cold",
	}
	if !slices.Equal(s.calls, want) {
		t.Fatalf("calls\n%v\nwant\n%v", s.calls, want)
	}
	// Cold disables warm attempts altogether.
	s2 := &scriptedEigen{}
	ds2 := NewDirectSetter(PredDirectPred, d, 0.1, LossCosine, s2)
	ds2.Cold = true
	for i := 0; i < 3; i++ {
		ds2.Compute(f, w)
	}
	if !slices.Equal(s2.calls, []string{"cold", "cold", "cold"}) {
		t.Fatalf("Cold: calls %v", s2.calls)
	}
}
