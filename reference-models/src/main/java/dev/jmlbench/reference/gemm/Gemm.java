package dev.jmlbench.reference.gemm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code C = op(A) op(B)} or {@code C += op(A) op(B)} on row-major float arrays, where {@code op(X)} is X or its
 * transpose. Shapes: {@code op(A)} is m x k, {@code op(B)} is k x n, C is m x n. Leading dimensions are the row
 * lengths of the arrays as stored (for a transposed operand, the row length of the untransposed array).
 *
 * <p>How it computes is chosen once, when this class initialises, and reported by {@link #description()}:
 * <ul>
 *   <li>where the JVM's boot layer has the module {@code jdk.incubator.vector} (start it with
 *       {@code --add-modules=jdk.incubator.vector}), a packed, cache-blocked multiply with a Vector API register
 *       micro-kernel;</li>
 *   <li>otherwise, or with {@code -Djmlbench.gemm=scalar}, a cache-blocked multiply in plain Java loops.</li>
 * </ul>
 * Tiny products (at most {@value #SMALL_PRODUCT} multiply-adds, e.g. a 32 x 4 by 4 x 3 dense layer) and thin ones
 * (at most {@value #THIN_ROWS} rows, e.g. a batch of one) skip the packing and the threads: the kernel's direct
 * loop is faster there (measured: a 1 x 400 by 400 x 120 product took 37 us direct and 179 us packed, while from
 * 16 x 16 x 16 up the packed kernel was already 3x faster than the direct loop).
 *
 * <p>Threads: the rows (or, for wide products, the columns) of C are split into up to {@link #threads()} slices,
 * computed concurrently on a private pool of daemon threads and the calling thread. Every element of C is
 * computed by one thread in the same order whatever the thread count, so results do not depend on the thread
 * budget (they do depend on the kernel and, through the small-product path, on the sizes).
 */
public final class Gemm {
    /** Largest m*n*k that takes the direct loop instead of the packed kernels. */
    static final long SMALL_PRODUCT = 2048;
    /** Products with at most this many rows take the direct loop (packing would copy B for very little work). */
    static final int THIN_ROWS = 2;
    /** Multiply-adds per thread below which another thread is not worth its hand-over (tens of microseconds). */
    static final long WORK_PER_THREAD = 1L << 20;
    /**
     * Products {@code A B^T} with at most this many outputs ({@code m * n}) and an inner dimension of at least
     * {@link #DOTS_MIN_INNER} are computed as dot products of contiguous rows ({@link GemmKernel#multiplyDots}), on
     * the calling thread whatever the thread budget (so their results do not depend on it either): measured on LeNet-5's first convolution, whose weight gradient is 6 x 25 outputs over 28,672 positions, the
     * packed kernel spent a millisecond copying B.
     */
    static final long DOTS_MAX_OUTPUTS = 4096;
    /** The least inner dimension of a dot-product product ({@link #DOTS_MAX_OUTPUTS}). */
    static final int DOTS_MIN_INNER = 1024;
    /** System property that forces the scalar kernel: {@code -Djmlbench.gemm=scalar}. */
    static final String KERNEL_PROPERTY = "jmlbench.gemm";

    private static final GemmKernel SCALAR = new ScalarKernel();
    private static final GemmKernel VECTOR = loadVectorKernel();
    private static final GemmKernel KERNEL;
    private static final String CHOICE_NOTE;

    static {
        String requested = System.getProperty(KERNEL_PROPERTY, "auto").trim();
        if (requested.equalsIgnoreCase("scalar")) {
            KERNEL = SCALAR;
            CHOICE_NOTE = " (forced by -D" + KERNEL_PROPERTY + "=scalar)";
        } else if (VECTOR != null) {
            KERNEL = VECTOR;
            CHOICE_NOTE = "";
        } else {
            KERNEL = SCALAR;
            CHOICE_NOTE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    ? " (the Vector API is present but this JVM's vectors hold fewer than 4 floats)"
                    : " (no Vector API: start the JVM with --add-modules=jdk.incubator.vector for the fast kernel)";
        }
    }

    private static volatile int threads = 1;
    private static ExecutorService pool;
    private static int poolWorkers;

    private Gemm() {
    }

    /** Sets the number of threads multiplies may use, at least 1. */
    public static void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("GEMM threads must be at least 1, got " + count);
        }
        threads = count;
    }

    /** The thread budget in force. */
    public static int threads() {
        return threads;
    }

    /**
     * How multiplies are computed here, for the environment block, e.g. "Vector API, 256-bit (8 floats), 6x2-vector
     * micro-kernel, 2 threads" or "scalar Java loops (...), 1 thread (no Vector API: ...)".
     */
    public static String description() {
        int t = threads;
        return KERNEL.describe() + ", " + t + (t == 1 ? " thread" : " threads") + CHOICE_NOTE;
    }

    /**
     * Computes {@code C (+)= op(A) op(B)}.
     *
     * @param transA     whether op(A) is A transposed (A stored k x m)
     * @param transB     whether op(B) is B transposed (B stored n x k)
     * @param accumulate true to add to C, false to overwrite it
     * @throws IllegalArgumentException when a size is negative, or an array is too short for the sizes, offset
     *                                  and leading dimension given
     */
    public static void multiply(boolean transA, boolean transB, int m, int n, int k,
                                float[] a, int aOffset, int lda,
                                float[] b, int bOffset, int ldb,
                                float[] c, int cOffset, int ldc, boolean accumulate) {
        check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        if (!transA && transB && k >= DOTS_MIN_INNER && (long) m * n <= DOTS_MAX_OUTPUTS) {
            KERNEL.multiplyDots(m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
        } else if ((long) m * n * k <= SMALL_PRODUCT || m <= THIN_ROWS) {
            KERNEL.multiplyDirect(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc,
                    accumulate);
        } else {
            run(KERNEL, threads, transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc,
                    accumulate);
        }
    }

    /**
     * {@code y[yOff + i] += a * x[xOff + i]} for {@code i < n}, on vectors where the kernel has them. The multiply
     * and the add are rounded separately (no fused multiply-add), so the result is bit for bit that of the plain
     * loop: callers whose summation order is part of their contract (the Dense layer) may use it. No argument
     * checks beyond the array bounds the JVM enforces.
     */
    public static void addScaled(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        KERNEL.addScaled(a, x, xOff, y, yOff, n);
    }

    /**
     * {@code C (+)= op(A) op(B)} with every element of C summed in increasing inner index from C's value (or
     * zero), each product and sum rounded separately (no fused multiply-add): bit for bit the plain i-p-j loop,
     * on vectors where the kernel has them, on the calling thread. For callers whose summation order is part of
     * their contract (the Dense layer); same arguments and checks as {@link #multiply}.
     */
    public static void multiplyOrdered(boolean transA, boolean transB, int m, int n, int k,
                                       float[] a, int aOffset, int lda,
                                       float[] b, int bOffset, int ldb,
                                       float[] c, int cOffset, int ldc, boolean accumulate) {
        check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        KERNEL.multiplyOrdered(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc,
                accumulate);
    }

    /**
     * {@code y[yOff + i] = tanh(x[xOff + i])} for {@code i < n} (x and y may be the same range): on vectors where the
     * kernel has them (within an ulp or so of {@code (float) Math.tanh}), else {@code Math.tanh} per value. For the
     * recurrent layers' gates; the activation layers keep {@code Math.tanh}.
     */
    public static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
        KERNEL.tanh(x, xOff, y, yOff, n);
    }

    /** {@code y[yOff + i] = 1 / (1 + exp(-x[xOff + i]))} for {@code i < n}, as {@link #tanh}. */
    public static void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
        KERNEL.sigmoid(x, xOff, y, yOff, n);
    }

    /** {@code C = A B} for dense row-major A (m x k), B (k x n), C (m x n). */
    public static void multiply(int m, int n, int k, float[] a, float[] b, float[] c) {
        multiply(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
    }

    /** The scalar kernel, for tests and comparisons. */
    static GemmKernel scalarKernel() {
        return SCALAR;
    }

    /** The Vector API kernel, or null where this JVM cannot run it. */
    static GemmKernel vectorKernel() {
        return VECTOR;
    }

    /** The kernel {@link #multiply} uses for products above the small-product size. */
    static GemmKernel kernel() {
        return KERNEL;
    }

    /**
     * Like {@link #multiply(boolean, boolean, int, int, int, float[], int, int, float[], int, int, float[], int,
     * int, boolean)} but always with {@code kernel} and {@code threadCount} threads, whatever the sizes (for tests
     * and comparisons).
     */
    static void multiplyWith(GemmKernel kernel, int threadCount, boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                             float[] c, int cOffset, int ldc, boolean accumulate) {
        check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        run(kernel, threadCount, transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc,
                accumulate);
    }

    private static void run(GemmKernel kernel, int threadCount, boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                            float[] c, int cOffset, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        long work = (long) m * n * Math.max(k, 1);
        int slices = (int) Math.max(1, Math.min(threadCount, work / WORK_PER_THREAD));
        boolean byRows = m >= n;
        int extent = byRows ? m : n;
        int grain = byRows ? kernel.rowGrain() : kernel.columnGrain();
        int units = (extent + grain - 1) / grain;
        slices = Math.min(slices, units);
        if (slices <= 1) {
            kernel.multiplySlice(transA, transB, 0, m, 0, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc,
                    accumulate);
            return;
        }
        List<Runnable> sliceTasks = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            int from = Math.min(extent, (int) ((long) units * s / slices) * grain);
            int to = Math.min(extent, (int) ((long) units * (s + 1) / slices) * grain);
            if (byRows) {
                sliceTasks.add(() -> kernel.multiplySlice(transA, transB, from, to, 0, n, k, a, aOffset, lda, b, bOffset,
                        ldb, c, cOffset, ldc, accumulate));
            } else {
                sliceTasks.add(() -> kernel.multiplySlice(transA, transB, 0, m, from, to, k, a, aOffset, lda, b, bOffset,
                        ldb, c, cOffset, ldc, accumulate));
            }
        }
        runAll(sliceTasks);
    }

    /** Runs all but the last task on the pool and the last on the calling thread; rethrows the first failure. */
    private static void runAll(List<Runnable> tasks) {
        ExecutorService executor = pool(tasks.size() - 1);
        List<Future<?>> futures = new ArrayList<>(tasks.size() - 1);
        List<Runnable> mine = new ArrayList<>();
        for (int i = 0; i < tasks.size() - 1; i++) {
            try {
                futures.add(executor.submit(tasks.get(i)));
            } catch (RejectedExecutionException poolReplaced) {
                mine.add(tasks.get(i)); // the budget changed under us: do it here
            }
        }
        mine.add(tasks.get(tasks.size() - 1));
        RuntimeException failure = null;
        try {
            mine.forEach(Runnable::run);
        } catch (RuntimeException e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: the workers write into the caller's C
                } catch (ExecutionException e) {
                    if (failure == null) {
                        Throwable cause = e.getCause();
                        failure = cause instanceof RuntimeException re ? re
                                : new IllegalStateException("GEMM worker failed", cause);
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The worker pool, with at least {@code workers} daemon threads, (re)created when the need grows. */
    private static synchronized ExecutorService pool(int workers) {
        if (pool == null || poolWorkers < workers) {
            if (pool != null) {
                pool.shutdown(); // queued and running slices still complete
            }
            AtomicInteger id = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "jmlbench-gemm-" + id.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            poolWorkers = workers;
        }
        return pool;
    }

    /** The plain i-p-j loop: no packing, no threads, no vectors (the scalar kernel's direct path). */
    static void directLoop(boolean transA, boolean transB, int m, int n, int k,
                                   float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                   float[] c, int cOffset, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int cRow = cOffset + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, cRow, cRow + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bOffset + j * ldb + p];
                    }
                } else {
                    int bRow = bOffset + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bRow + j];
                    }
                }
            }
        }
    }

    private static void check(boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                              float[] c, int cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("GEMM sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        // stored shapes: A is m x k (k x m when transposed), B is k x n (n x k), C is m x n
        checkOperand("A", a, aOffset, lda, transA ? k : m, transA ? m : k, transA ? "k x m" : "m x k", m, n, k);
        checkOperand("B", b, bOffset, ldb, transB ? n : k, transB ? k : n, transB ? "n x k" : "k x n", m, n, k);
        checkOperand("C", c, cOffset, ldc, m, n, "m x n", m, n, k);
    }

    private static void checkOperand(String name, float[] x, int offset, int ld, int rows, int cols, String shape,
                                     int m, int n, int k) {
        if (x == null) {
            throw new IllegalArgumentException("GEMM operand " + name + " is null");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        if (offset < 0 || (rows > 1 && ld < cols)) {
            throw new IllegalArgumentException("GEMM operand " + name + " (stored " + shape + " = " + rows + " x "
                    + cols + ", m=" + m + " n=" + n + " k=" + k + "): offset " + offset + " and leading dimension "
                    + ld + " are invalid; the offset must be >= 0 and the leading dimension >= " + cols);
        }
        long last = offset + (long) (rows - 1) * ld + cols - 1;
        if (last >= x.length) {
            throw new IllegalArgumentException("GEMM operand " + name + " (stored " + shape + " = " + rows + " x "
                    + cols + ", offset " + offset + ", leading dimension " + ld + ") needs " + (last + 1)
                    + " elements but the array has " + x.length);
        }
    }

    private static GemmKernel loadVectorKernel() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            Class<?> type = Class.forName("dev.jmlbench.reference.gemm.VectorKernel");
            if (!(Boolean) type.getDeclaredMethod("usable").invoke(null)) {
                return null;
            }
            var constructor = type.getDeclaredConstructor();
            return (GemmKernel) constructor.newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the jdk.incubator.vector module is present but the Vector API GEMM"
                    + " kernel could not be loaded", e);
        }
    }
}
