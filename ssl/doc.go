// Package ssl trains non-contrastive self-supervised models (BYOL, SimSiam)
// with a learned or a DirectPred predictor, and reproduces the linear-network
// theory of Tian, Chen & Ganguli, "Understanding Self-Supervised Learning
// Dynamics without Contrastive Pairs" (ICML 2021).
//
// # Training
//
// A run is described by a Config (start from DefaultConfig; Validate
// reports bad settings as errors) and a Dataset:
//
//	train, test, err := ssl.EmbeddedFashionMNIST()   // or LoadFashionMNIST(dir)
//	cfg := ssl.DefaultConfig()                       // DirectPred, ρ=0.3, ε=0.1
//	tr, err := ssl.NewTrainer(cfg, ssl.NewImageDataset(train))
//	res, err := tr.Run(func(p ssl.Progress) error { log.Print(p.Step, p.Loss, p.Diag.EffRank); return nil })
//	ev, err := tr.Evaluate(ssl.NewImageDataset(train), ssl.NewImageDataset(test), ssl.EvalOptions{})
//
// Each Step draws two augmented views of a batch, runs the online encoder
// (backbone + projector, see NetSpec) on both (BatchNorm statistics per
// view), applies the predictor, computes the symmetrised loss
// ℓ(p₁, sg(z̄₂)) + ℓ(p₂, sg(z̄₁)) (Config.Loss: "cosine" 2−2cos or "squared"
// ½‖p−z̄‖²), back-propagates, applies SGD with momentum and coupled weight
// decay (PyTorch semantics; constant or warm-up+cosine learning rate),
// recomputes a direct predictor, and updates the EMA target
// (Config.Target "ema" with constant or BYOL-cosine τ, or "simsiam": τ = 0,
// the target is the online network). Config.NoStopGrad is the paper's
// ablation: the online network serves both branches and the gradient flows
// through both.
//
// Predictors (Config.Method): "none" (identity), "linear" (learned d×d),
// "directpred" (W_p = U·diag(p)·Uᵀ from the eigendecomposition of the
// running uncentred correlation F̂ ← ρF̂ + (1−ρ)·(1/2B)Σzzᵀ of the detached
// online outputs, p_j = max(sqrt(max(s_j,0)/s_max) + ε, 1e−4); with the
// squared loss p_j = sqrt(s_j⁺) + ε·sqrt(s_max)) and "directcopy"
// (W_p = F̂/s_max + ε·I). Direct predictors are recomputed after every
// Freq-th step (the first after step 0, as in the official code); with
// Freq > 1 W_p is trained by SGD in between. F̂ is float64 and eigen.Sym
// is warm-started from the previous eigenvectors (Config.EigenCold
// switches to cold solves, which are currently faster early in training,
// when F̂ changes a lot between steps). With GOMAXPROCS ≥ 2 the
// recomputation runs on one of the kernels' workers (kernels.Background),
// overlapping the next step's batch
// loading and online forward pass, and is installed before W_p is next
// used (bitwise the same result as a synchronous recomputation). A non-finite F̂, an
// eigensolver failure or s_max ≤ 0 keeps the previous W_p and is counted
// in Progress.PredictorSkips / Result.PredictorSkips.
//
// Determinism: every random choice is a pure function of (Seed, purpose,
// step, index) (see RNG), all reductions run in a fixed order and the GEMM
// kernels split work without splitting sums, so a run is bitwise identical
// for any GOMAXPROCS; thread count is therefore set by the caller with
// runtime.GOMAXPROCS. Besides the GEMMs, BatchNorm, ReLU, SGD and batch
// loading are split over up to GOMAXPROCS chunks on the same persistent
// workers (kernels.ParallelFor; by feature or sample, never splitting a
// sum), and Step does not allocate in steady state.
//
// Diagnostics (Trainer.Diagnose, every Config.DiagEvery steps in Run):
// effective rank of F̂, std of ℓ2-normalised outputs, spectra of F̂ and of
// W_p's symmetric part, alignment, commutator and asymmetry (see
// Diagnostics). Result reports the final loss, ms per step and total ms in
// the eigensolver; Evaluate gives linear-probe (softmax regression on
// standardised features, ridge penalty chosen on a validation split, gonum's
// L-BFGS to a gradient tolerance; see LinearProbe) and k-NN (cosine,
// majority vote) accuracies on the frozen backbone features. A run of no
// steps (Steps = Epochs = 0) is the untrained baseline.
//
// Checkpoints (Trainer.Save/Load, or Config.CheckpointPath in Run) hold the
// whole state, are written atomically with a SHA-256 checksum, and resuming
// reproduces the uninterrupted run bit for bit.
//
// # Data
//
// ReadIDX/ReadImages parse IDX files (raw or gzip) and reject malformed or
// truncated input. EmbeddedFashionMNIST is a balanced 3000/1000 subset
// (fmnist/, MIT licence). ImageDataset applies the augmentation pipeline
// (random resized crop, scale [0.5,1], ratio [3/4,4/3], bilinear resize,
// horizontal flip, standardisation). SyntheticDataset is the theory's
// generator (x ~ N(0,I), views x + noise with per-coordinate variances).
//
// # Theory
//
// ScalarFixedPoints, ScalarODE and LinearModel implement the exact
// expected-gradient dynamics of the paper's linear model (online W, target
// W_a, predictor W_p, data covariance X, augmentation covariance X′, weight
// decay, EMA, predictor learning-rate ratio α_p; learned, symmetric, none or
// DirectPred predictors; with or without stop-gradient). The tests assert
// the paper's claims on them: fixed points and basins, plateaus at p*₊²,
// alignment, collapse without predictor or stop-gradient, the DirectPred ε
// threshold and weight decay as a feature threshold.
package ssl
