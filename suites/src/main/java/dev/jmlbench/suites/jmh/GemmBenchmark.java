package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.MatmulKernel;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Single-precision matrix multiply {@code C = A B} of dense random n x n matrices on each engine's own multiply
 * ({@link Engine#matmul}): PyTorch's sgemm through DJL, OpenBLAS through nd4j, the reference engine's Java GEMM.
 * This is the roofline of the machine for every engine; compare it with {@link PeakFlopsBenchmark} (the FMA
 * limit of the cores) at the same thread count.
 *
 * <p>Score: multiplies per second. <b>GFLOP/s = ops/s x 2n^3 / 1e9.</b> The secondary result {@code flop} is that
 * rate already multiplied out (flop/s; divide by 1e9 for GFLOP/s).
 *
 * <p>Setup, outside the timed region: open the engine with {@code -Djmlbench.threads} compute threads (the
 * engine spreads each multiply over them; run JMH with one benchmark thread, {@code -t 1}), prove the multiply
 * right on a small odd size (67, against a double-precision triple loop), prepare the timed operands in the
 * engine's memory, run it once and compare the whole product with a plain Java float product. An engine that
 * offers no multiply, cannot open here, or computes a wrong product fails its setup with the reason; with JMH's
 * default (no {@code -foe true}) the run goes on with the other engines.
 *
 * <p>Run (from the repository root, after building suites and writing its class path to /tmp/cp.txt with
 * {@code mvn -o -q -pl suites dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}):
 * <pre>{@code
 * OPT_OUT_TRACKING=true DJL_OFFLINE=true OMP_NUM_THREADS=2 OMP_WAIT_POLICY=passive \
 * java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
 *   -DOPT_OUT_TRACKING=true -DDJL_CACHE_DIR=target/native-cache/djl \
 *   -Dorg.bytedeco.javacpp.cachedir=target/native-cache/javacpp -Djna.tmpdir=target/native-cache/jna \
 *   -Djmlbench.threads=2 -cp "suites/target/classes:$(cat /tmp/cp.txt)" org.openjdk.jmh.Main \
 *   'GemmBenchmark|PeakFlopsBenchmark' -p engine=reference,djl,dl4j -p n=512,1024,2048 -t 1
 * }</pre>
 * JMH forks inherit those JVM flags. Add {@code -jvmArgsAppend -Djmlbench.gemm=scalar} to time the reference
 * engine's scalar fallback (it also runs in any JVM started without {@code --add-modules=jdk.incubator.vector}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class GemmBenchmark {
    /** Size of the small dense correctness check: odd, so that it leaves partial tiles in every kernel. */
    static final int CHECK_SIZE = 67;

    /** Engine id. */
    @Param({Unset.ENGINE}) // the JMH stage sets the engines it finds through the SPI
    public String engine;

    /** Matrix size n: C = A B with A, B, C all n x n. */
    @Param({"256", "512", "1024", "2048"})
    public int n;

    private Engine openedEngine;
    private MatmulKernel kernel;
    private long flopsPerRun;

    /** The name of {@link FlopCounter}'s rate among JMH's secondary metrics: the name of its field. */
    static final String FLOP_METRIC = "flop";

    /** The multiply's floating-point operations, as a rate next to the score (flop/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class FlopCounter {
        /** Floating-point operations done in this iteration (2 n^3 per multiply). */
        public long flop;

        @Setup(Level.Iteration)
        public void reset() {
            flop = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws EngineUnavailableException {
        int threads = Integer.getInteger("jmlbench.threads", 1);
        Path cache = Path.of(System.getProperty("jmlbench.cacheDir", "target/native-cache"));
        openedEngine = Engines.find(engine).open(new EngineConfig(threads, cache));
        checkSmallProduct();
        SplittableRandom random = new SplittableRandom(20261127L + n);
        float[] a = randomMatrix(n, random);
        float[] b = randomMatrix(n, random);
        kernel = prepare(n, a, b);
        flopsPerRun = (long) kernel.flops();
        kernel.run();
        double diff = kernel.maxAbsDiff(javaProduct(n, a, b));
        // both sides sum n products in float, in different orders; a wrong product is off by about sqrt(n)/3
        double tolerance = 1e-5 * n;
        if (!(diff <= tolerance)) {
            throw new IllegalStateException("engine " + engine + " computed a wrong " + n + "x" + n
                    + " product: max |C - expected| = " + diff + " > " + tolerance);
        }
    }

    /** One multiply; the product stays in the engine's memory. */
    @Produces(scenario = Names.SCENARIO_CALIBRATION, metric = Names.METRIC_SGEMM, unit = Names.UNIT_GFLOPS,
            secondary = FLOP_METRIC, scale = 1e-9)
    @Benchmark
    public void multiply(FlopCounter counter) {
        kernel.run();
        counter.flop += flopsPerRun;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        TrialResources.close(kernel, openedEngine);
    }

    private MatmulKernel prepare(int size, float[] a, float[] b) {
        return openedEngine.matmul(size, a, b).orElseThrow(() -> new IllegalStateException("engine " + engine
                + " offers no matrix multiply (its Engine.matmul is empty), so GemmBenchmark has nothing to time"));
    }

    private void checkSmallProduct() {
        SplittableRandom random = new SplittableRandom(67);
        float[] a = randomMatrix(CHECK_SIZE, random);
        float[] b = randomMatrix(CHECK_SIZE, random);
        float[] expected = new float[CHECK_SIZE * CHECK_SIZE];
        for (int i = 0; i < CHECK_SIZE; i++) {
            for (int j = 0; j < CHECK_SIZE; j++) {
                double sum = 0;
                for (int p = 0; p < CHECK_SIZE; p++) {
                    sum += (double) a[i * CHECK_SIZE + p] * b[p * CHECK_SIZE + j];
                }
                expected[i * CHECK_SIZE + j] = (float) sum;
            }
        }
        try (MatmulKernel small = prepare(CHECK_SIZE, a, b)) {
            small.run();
            double diff = small.maxAbsDiff(expected);
            if (!(diff <= 1e-4)) {
                throw new IllegalStateException("engine " + engine + " computed a wrong " + CHECK_SIZE + "x"
                        + CHECK_SIZE + " product: max |C - expected| = " + diff + " > 1e-4");
            }
        }
    }

    private static float[] randomMatrix(int size, SplittableRandom random) {
        float[] x = new float[size * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    /**
     * The expected product for the full-size check, in plain Java: rows in parallel, each row of C as a sum of
     * scaled rows of B (separate arrays, so that C2 vectorises the inner loop: seconds, not minutes, at n = 2048).
     */
    private static float[] javaProduct(int size, float[] a, float[] b) {
        float[][] bRows = new float[size][];
        for (int p = 0; p < size; p++) {
            bRows[p] = java.util.Arrays.copyOfRange(b, p * size, (p + 1) * size);
        }
        float[] c = new float[size * size];
        IntStream.range(0, size).parallel().forEach(i -> {
            float[] row = new float[size];
            for (int p = 0; p < size; p++) {
                float aip = a[i * size + p];
                float[] bp = bRows[p];
                for (int j = 0; j < size; j++) {
                    row[j] += aip * bp[j];
                }
            }
            System.arraycopy(row, 0, c, i * size, size);
        });
        return c;
    }
}
