package kernels

// Panic messages. They are constants so that callers and tests can match them
// exactly; the order in which the checks run follows gonum's blas/gonum.
const (
	badTranspose = "kernels: bad transpose"
	badUplo      = "kernels: bad uplo"

	mLT0 = "kernels: m < 0"
	nLT0 = "kernels: n < 0"
	kLT0 = "kernels: k < 0"

	badLdA = "kernels: bad leading dimension of A"
	badLdB = "kernels: bad leading dimension of B"
	badLdC = "kernels: bad leading dimension of C"

	shortA = "kernels: insufficient length of a"
	shortB = "kernels: insufficient length of b"
	shortC = "kernels: insufficient length of c"
)
