package kernels

// Panic messages of SetState.
const (
	covBadCount = "kernels: covariance sample count < 0"
	covShortSrc = "kernels: insufficient length of mean or covariance"
)

// SetState replaces the accumulator's statistics by those of n samples with
// the given mean (length ≥ d) and covariance (d×d row-major, length ≥ d²;
// only its lower triangle is read), keeping the dimension, mode and memory.
// With the values read back by Count, Mean and Covariance it restores an
// accumulator exactly (checkpoints): later batches then update it bit for
// bit as they would have updated the original. n = 0 empties it like
// Reset. It panics if n < 0 or a slice is too short.
func (c *Covariance[T]) SetState(n int, mean, cov []float64) {
	d := c.d
	if n < 0 {
		panic(covBadCount)
	}
	if len(mean) < d || len(cov) < d*d {
		panic(covShortSrc)
	}
	if n == 0 {
		c.Reset()
		return
	}
	c.n = n
	copy(c.mean, mean[:d])
	for i := 0; i < d; i++ {
		copy(c.cov[i*d:i*d+i+1], cov[i*d:i*d+i+1])
	}
}
