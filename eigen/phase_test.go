package eigen

import (
	"math/rand/v2"
	"os"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// cpuNow returns the calling thread's CPU time, which is robust against
// other processes competing for the cores.
func cpuNow() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		panic(err)
	}
	return time.Duration(ts.Nano())
}

// TestPhases prints the time of each phase (minimum over runs); it runs only
// with EIGEN_PHASES=1 and is a development aid, not a check.
func TestPhases(t *testing.T) {
	if os.Getenv("EIGEN_PHASES") == "" {
		t.Skip("set EIGEN_PHASES=1")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	phases[float64](t)
	phases[float32](t)
}

func phases[T float32 | float64](t *testing.T) {
	for _, n := range phaseSizes() {
		rnd := rand.New(rand.NewPCG(1, 1))
		a64 := randSym(rnd, n, n)
		a := make([]T, len(a64))
		for i, x := range a64 {
			a[i] = T(x)
		}
		var s Sym[T]
		s.Factorize(a, n, n, true)
		best := [4]time.Duration{1 << 62, 1 << 62, 1 << 62, 1 << 62}
		runs := max(3, 200/(n/64)/(n/64))
		for r := 0; r < runs; r++ {
			c := &s.c
			anrm, _ := loadLower(c, a, n, n)
			_ = anrm
			t0 := cpuNow()
			c.sytrd(n)
			t1 := cpuNow()
			c.stedc(n)
			t2 := cpuNow()
			transpose(n, c.z, c.v)
			c.ormtr(n, c.v, n)
			t3 := cpuNow()
			for i, d := range []time.Duration{t1 - t0, t2 - t1, t3 - t2, t3 - t0} {
				best[i] = min(best[i], d)
			}
		}
		t.Logf("%T n=%4d sytrd %8.3f ms  stedc %8.3f ms  ormtr %8.3f ms  total %8.3f ms", T(0), n,
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

// TestBestOf prints the best-of wall and thread-CPU times of Factorize with
// vectors on random symmetric matrices (EIGEN_PHASES=best); a development
// aid for noisy machines, not a check.
func TestBestOf(t *testing.T) {
	if os.Getenv("EIGEN_PHASES") != "best" {
		t.Skip("set EIGEN_PHASES=best")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, n := range []int{64, 128, 256, 512, 1024} {
		rnd := rand.New(rand.NewPCG(1, 1))
		a := randSym(rnd, n, n)
		a32 := make([]float32, len(a))
		for i, x := range a {
			a32[i] = float32(x)
		}
		var s Sym[float64]
		var s32 Sym[float32]
		reps := 20
		if n == 512 {
			reps = 6
		} else if n == 1024 {
			reps = 3
		}
		bw, bc, bw32, bc32 := time.Hour, time.Hour, time.Hour, time.Hour
		for r := 0; r < reps; r++ {
			t0, c0 := time.Now(), cpuNow()
			s.Factorize(a, n, n, true)
			bw, bc = min(bw, time.Since(t0)), min(bc, cpuNow()-c0)
			t0, c0 = time.Now(), cpuNow()
			s32.Factorize(a32, n, n, true)
			bw32, bc32 = min(bw32, time.Since(t0)), min(bc32, cpuNow()-c0)
		}
		t.Logf("n=%4d float64 %8.3f ms (cpu %8.3f)  float32 %8.3f ms (cpu %8.3f)", n, ms(bw), ms(bc), ms(bw32), ms(bc32))
	}
}
