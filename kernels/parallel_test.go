package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gonum.org/v1/gonum/blas"
)

// coverTask records which chunk processed every index and the bounds of
// every chunk.
type coverTask struct {
	owner  []int32
	bounds [MaxRangeChunks][2]int
	calls  atomic.Int32
}

func (c *coverTask) RunRange(lo, hi, chunk int) {
	c.calls.Add(1)
	c.bounds[chunk] = [2]int{lo, hi}
	for i := lo; i < hi; i++ {
		c.owner[i] = int32(chunk) + 1 // 0: not visited
	}
}

func TestParallelFor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 8, 40} {
		runtime.GOMAXPROCS(procs)
		for _, c := range []struct{ n, grain int }{{0, 1}, {1, 1}, {7, 1}, {100, 30}, {1000, 1}, {1 << 16, 1 << 10}, {50, 0}} {
			task := &coverTask{owner: make([]int32, c.n)}
			ParallelFor(c.n, c.grain, task)
			k := 0
			if c.n > 0 {
				k = max(1, min(procs, MaxRangeChunks, c.n/max(c.grain, 1)))
			}
			if got := int(task.calls.Load()); got != k {
				t.Errorf("procs %d, n %d, grain %d: %d chunks, want %d", procs, c.n, c.grain, got, k)
				continue
			}
			for ch := 0; ch < k; ch++ {
				if want := [2]int{c.n * ch / k, c.n * (ch + 1) / k}; task.bounds[ch] != want {
					t.Errorf("procs %d, n %d: chunk %d is %v, want %v", procs, c.n, ch, task.bounds[ch], want)
				}
			}
			for i, o := range task.owner {
				if o == 0 {
					t.Fatalf("procs %d, n %d: index %d not visited", procs, c.n, i)
				}
			}
		}
	}
}

type nopRange struct{}

func (nopRange) RunRange(lo, hi, chunk int) {}

func TestParallelForDoesNotAllocate(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var task nopRange
	ParallelFor(1000, 1, task) // warm up the workers and the free list
	if a := testing.AllocsPerRun(100, func() { ParallelFor(1000, 1, task) }); a != 0 {
		t.Errorf("ParallelFor allocates %g times per call", a)
	}
}

// blockTask waits until release is closed.
type blockTask struct {
	started chan struct{}
	release chan struct{}
}

func (b *blockTask) RunBackground() {
	close(b.started)
	<-b.release
}

// TestBackgroundOverlaps runs a background task that blocks until
// released and checks that parallel work (ParallelFor and a GEMM on two
// threads) completes meanwhile, and that wg reports the task's end.
func TestBackgroundOverlaps(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	b := &blockTask{started: make(chan struct{}), release: make(chan struct{})}
	var wg sync.WaitGroup
	Background(b, &wg)
	<-b.started
	done := make(chan struct{})
	go func() {
		task := &coverTask{owner: make([]int32, 1000)}
		ParallelFor(1000, 1, task)
		const n = 256
		a, bb, c := make([]float32, n*n), make([]float32, n*n), make([]float32, n*n)
		for i := range a {
			a[i], bb[i] = 1, 2
		}
		Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, n, bb, n, 0, c, n)
		if c[0] != 2*n || task.calls.Load() != 2 {
			t.Errorf("c[0] = %g, %d chunks while the background task ran", c[0], task.calls.Load())
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("parallel work held up by the background task")
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
		t.Fatal("wg released before the background task returned")
	case <-time.After(20 * time.Millisecond):
	}
	close(b.release)
	<-finished
}
