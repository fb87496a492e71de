package kernels

import (
	"runtime"
	"sync"
)

// MaxRangeChunks is the most chunks ParallelFor splits a range into, so
// callers can size per-chunk scratch.
const MaxRangeChunks = 16

// RangeTask is element-wise work over an index range for ParallelFor.
// RunRange processes [lo, hi); chunk (0 ≤ chunk < MaxRangeChunks) is the
// chunk's index, which no two concurrent calls share, for per-chunk
// scratch.
type RangeTask interface {
	RunRange(lo, hi, chunk int)
}

// rangeJob is one ParallelFor call on the persistent workers.
type rangeJob struct {
	set       chunkSet
	t         RangeTask
	n, chunks int
}

func (j *rangeJob) chunkSet() *chunkSet { return &j.set }

func (j *rangeJob) run(w *worker) { j.set.drain(w, j.runChunk) }

func (j *rangeJob) runChunk(c int, w *worker) {
	lo, hi := j.n*c/j.chunks, j.n*(c+1)/j.chunks
	if t, ok := j.t.(workerRangeTask); ok {
		t.runRangeOn(w, lo, hi)
		return
	}
	j.t.RunRange(lo, hi, c)
}

// workerRangeTask is a RangeTask of this package whose chunks need a
// worker's workspace: they get the participant's own (the caller's, or the
// persistent worker goroutine's), so each thread packs into the same
// buffers call after call. Taking a second one from the free list per chunk
// could hand the two threads each other's buffers in alternate calls
// (Strsm n = 512 on two threads, restoring B between calls: LLN 0.42 →
// 0.36–0.41 ms, RUT 0.52 → 0.48 ms; back-to-back calls unchanged).
type workerRangeTask interface {
	runRangeOn(w *worker, lo, hi int)
}

var idleRangeJobs freeList[rangeJob]

// ParallelFor runs t over [0, n) in chunks on the calling goroutine and the
// persistent workers that also run the GEMMs, and returns when every chunk
// is done. There are min(GOMAXPROCS, MaxRangeChunks, n/grain) chunks (at
// least one): chunk c is [n·c/k, n·(c+1)/k) for k chunks, so the split
// depends only on n, grain and GOMAXPROCS; whoever is free claims the next
// chunk. Results that do not depend on the split are therefore bitwise
// the same for any GOMAXPROCS. It allocates nothing in the steady state.
func ParallelFor(n, grain int, t RangeTask) {
	if n <= 0 {
		return
	}
	k := min(runtime.GOMAXPROCS(0), MaxRangeChunks, n/max(grain, 1))
	if k <= 1 {
		t.RunRange(0, n, 0)
		return
	}
	j := idleRangeJobs.get()
	j.t, j.n, j.chunks = t, n, k
	runParallel(j, k, k)
	j.t = nil
	idleRangeJobs.put(j)
}

// BackgroundTask is work that Background runs on a goroutine of its own.
type BackgroundTask interface {
	RunBackground()
}

// backgroundJob is one Background call.
type backgroundJob struct {
	t  BackgroundTask
	wg *sync.WaitGroup
}

var idleBackgroundJobs freeList[backgroundJob]

// run runs the task; the goroutine counts itself free before wg.Done, so
// that a Background call right after the wait finds it.
func (j *backgroundJob) run() {
	t, wg := j.t, j.wg
	j.t, j.wg = nil, nil
	idleBackgroundJobs.put(j)
	t.RunBackground()
	backgroundMu.Lock()
	freeBackground++
	backgroundMu.Unlock()
	wg.Done()
}

// The background goroutines are a pool apart from the GEMM workers, so that
// a long task never holds a worker that a parallel call has reserved:
// freeBackground counts those waiting for a task and not yet claimed.
var (
	backgroundQueue = make(chan *backgroundJob, maxWorkers)
	backgroundMu    sync.Mutex
	freeBackground  int
)

// Background starts t on a background goroutine and returns at once;
// wg.Done is called when t returns (Background calls wg.Add(1)). The
// persistent workers are not taken, so parallel calls (GEMMs, ParallelFor)
// made meanwhile still get GOMAXPROCS−1 helpers while t runs, and a long
// serial task (an eigensolve) overlaps with parallel work instead of holding
// it up. It allocates nothing in the steady state.
func Background(t BackgroundTask, wg *sync.WaitGroup) {
	j := idleBackgroundJobs.get()
	j.t, j.wg = t, wg
	wg.Add(1)
	backgroundMu.Lock()
	if freeBackground > 0 {
		freeBackground--
	} else {
		go func() {
			for j := range backgroundQueue {
				j.run()
			}
		}()
	}
	backgroundMu.Unlock()
	backgroundQueue <- j
}
