package eigen

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"
)

// TestPhases prints the time of each phase (minimum over runs); it runs only
// with EIGEN_PHASES=1 and is a development aid, not a check.
func TestPhases(t *testing.T) {
	if os.Getenv("EIGEN_PHASES") == "" {
		t.Skip("set EIGEN_PHASES=1")
	}
	for _, n := range phaseSizes() {
		rnd := rand.New(rand.NewPCG(1, 1))
		a := randSym(rnd, n, n)
		var s Sym[float64]
		s.Factorize(a, n, n, true)
		best := [4]time.Duration{1 << 62, 1 << 62, 1 << 62, 1 << 62}
		runs := max(3, 200/(n/64)/(n/64))
		for r := 0; r < runs; r++ {
			c := &s.c
			anrm, _ := loadLower(c, a, n, n)
			_ = anrm
			t0 := time.Now()
			c.sytrd(n)
			t1 := time.Now()
			c.stedc(n)
			t2 := time.Now()
			transpose(n, c.z, c.v)
			c.ormtr(n, c.v, n)
			t3 := time.Now()
			for i, d := range []time.Duration{t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t3.Sub(t0)} {
				best[i] = min(best[i], d)
			}
		}
		t.Logf("n=%4d sytrd %8.3f ms  stedc %8.3f ms  ormtr %8.3f ms  total %8.3f ms", n,
			ms(best[0]), ms(best[1]), ms(best[2]), ms(best[3]))
	}
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func phaseSizes() []int {
	if os.Getenv("EIGEN_PHASES") == "big" {
		return []int{1024}
	}
	return []int{64, 128, 256, 512, 1024}
}
