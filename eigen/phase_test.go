package eigen

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkPhases times the three phases of a cold solve with vectors on a
// random symmetric matrix: reduction to tridiagonal form (sytrd), divide and
// conquer (stedc), back-transformation (ormtr), reported as ms/op each.
//
//	GOMAXPROCS=1 go test -run XXX -bench Phases -benchtime 10x ./eigen/
func BenchmarkPhases(b *testing.B) {
	benchPhases[float64](b)
	benchPhases[float32](b)
}

func benchPhases[T float32 | float64](b *testing.B) {
	for _, n := range []int{64, 128, 256, 512, 1024} {
		b.Run(fmt.Sprintf("%T/n=%d", T(0), n), func(b *testing.B) {
			rnd := rand.New(rand.NewPCG(1, 1))
			a64 := randSym(rnd, n, n)
			a := make([]T, len(a64))
			for i, x := range a64 {
				a[i] = T(x)
			}
			var s Sym[T]
			s.Factorize(a, n, n, true)
			c := &s.c
			var p [3]time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				loadLower(c, a, n, n)
				t0 := time.Now()
				c.sytrd(n)
				t1 := time.Now()
				if !c.stedc(n) {
					b.Fatal("stedc failed")
				}
				t2 := time.Now()
				c.backTransform(n)
				t3 := time.Now()
				p[0] += t1.Sub(t0)
				p[1] += t2.Sub(t1)
				p[2] += t3.Sub(t2)
			}
			for i, name := range []string{"sytrd-ms", "stedc-ms", "ormtr-ms"} {
				b.ReportMetric(float64(p[i].Nanoseconds())/1e6/float64(b.N), name)
			}
		})
	}
}
