package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Names;
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

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The machine's floating-point limit as Java sees it: vector fused multiply-adds on registers, no memory traffic
 * ({@code dev.jmlbench.reference.gemm.FmaPeak}, twelve independent accumulators, the preferred vector shape), on
 * one thread and on every thread of the budget at once. {@link GemmBenchmark}'s GFLOP/s divided by this figure
 * at the same thread count is the "% of peak" of a GEMM.
 *
 * <p>Score: operations per second, one operation being {@value #STEPS} loop steps on each of the threads.
 * <b>GFLOP/s = ops/s x threads x {@value #STEPS} x flops per step / 1e9</b>, where flops per step = 2 x 12 x
 * lanes (e.g. 192 for 8-float vectors); the secondary result {@code flop} is that rate already multiplied out
 * (flop/s). The threads are this benchmark's own (a pool plus the benchmark thread, like the GEMM's), so run JMH
 * with {@code -t 1}; {@code threads=budget} means {@code -Djmlbench.threads}.
 *
 * <p>The loop lives in the reference engine's module, which is compiled with the Vector API incubator module;
 * it is called through a method handle because this module has the reference engine only at run time. The JVM
 * must run with {@code --add-modules=jdk.incubator.vector} (the build's JVM flags include it). Command: see
 * {@link GemmBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class PeakFlopsBenchmark {
    /** Loop steps per thread per operation: a few milliseconds, so handing work to the threads costs nothing. */
    static final long STEPS = 1L << 20;
    private static final String FMA_PEAK = "dev.jmlbench.reference.gemm.FmaPeak";

    /** Threads running the loop at once: {@code 1}, or {@code budget} for {@code -Djmlbench.threads}. */
    @Param({"1", Produces.THREAD_BUDGET})
    public String threads;

    private int threadCount;
    private MethodHandle fmaLoop;
    private long flopsPerOperation;
    private ExecutorService pool;
    private volatile float sink;

    @Setup(Level.Trial)
    public void setUp() throws Throwable {
        threadCount = threads.equals(Produces.THREAD_BUDGET) ? Integer.getInteger("jmlbench.threads", 1) : Integer.parseInt(threads);
        if (threadCount < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("PeakFlopsBenchmark needs the Vector API: start the JVM with"
                    + " --add-modules=jdk.incubator.vector");
        }
        Class<?> type;
        try {
            type = Class.forName(FMA_PEAK);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the reference engine (jmlbench-reference-models) is not on the class"
                    + " path; it holds the FMA loop " + FMA_PEAK, e);
        }
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        fmaLoop = lookup.findStatic(type, "fmaLoop", MethodType.methodType(float.class, long.class, float.class));
        long flopsPerStep = (long) lookup.findStatic(type, "flopsPerStep", MethodType.methodType(long.class))
                .invoke();
        flopsPerOperation = flopsPerStep * STEPS * threadCount;
        pool = Executors.newFixedThreadPool(Math.max(1, threadCount - 1), r -> {
            Thread t = new Thread(r, "peak-flops");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@value #STEPS} steps of the FMA loop on each of the threads at once. */
    @Produces(scenario = Names.SCENARIO_CALIBRATION, metric = Names.METRIC_FMA_PEAK, unit = Names.UNIT_GFLOPS,
            secondary = GemmBenchmark.FLOP_METRIC, scale = 1e-9)
    @Benchmark
    public void fmaLoop(GemmBenchmark.FlopCounter counter) throws Throwable {
        List<Future<Float>> others = new ArrayList<>(threadCount - 1);
        for (int t = 1; t < threadCount; t++) {
            float seed = t;
            others.add(pool.submit(() -> run(seed)));
        }
        float sum = run(0f);
        for (Future<Float> f : others) {
            try {
                sum += f.get();
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        }
        sink = sum;
        counter.flop += flopsPerOperation;
    }

    private float run(float seed) throws Exception {
        try {
            return (float) fmaLoop.invokeExact(STEPS, seed);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
