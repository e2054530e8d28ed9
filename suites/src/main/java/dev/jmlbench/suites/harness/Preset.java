package dev.jmlbench.suites.harness;

import dev.jmlbench.core.task.TaskCatalogue;

import java.util.List;

/**
 * Size tiers of a run: how long JMH measures. The replication unit is the JVM fork: every speed figure is measured
 * in several forks (smoke 2, quick 3, full 5) and compared on its per-fork means, so iterations are kept short
 * and forks many. {@code smoke} exists so the test suite can run the whole bench
 * path end to end in seconds; its figures are too short to compare and the report says which preset ran.
 *
 * @param forks              JMH forks per benchmark (at least 2: one fork gives no between-fork spread)
 * @param warmupIterations   JMH warm-up iterations
 * @param warmupMillis       length of each warm-up iteration
 * @param measureIterations  JMH measurement iterations
 * @param measureMillis      length of each measurement iteration
 * @param batchSizes         batch sizes of the inference-throughput sweep
 * @param coldStartForks     fresh JVMs the cold-start scenario measures (one sample each)
 * @param tier               which catalogue tasks run when none are named ({@link TaskCatalogue#TIER_QUICK} or
 *                           {@link TaskCatalogue#TIER_FULL})
 * @param seeds              seeds every task with a seed is trained with in the quality stage
 * @param scalingRows        training-set sizes of the scaling study
 * @param threadSweep        thread budgets of the JMH thread sweep (every engine gets the same)
 * @param sequenceLengths    sequence lengths of the long-sequence experiment (adding problem)
 * @param leakCheckSeconds   length of the leak check's inference run per (task, engine); 0 skips it
 * @param engineTimeoutMinutes how long one engine's child JVM may take for all its tasks of the quality stage (and of
 *                           the studies) before it is stopped and its unfinished cells marked failed: the guard
 *                           against a hung engine, sized so that no engine that works is stopped (the full preset
 *                           trains MNIST-size networks 5 times each; Deeplearning4j takes about 12 minutes per
 *                           lenet5-mnist seed on one thread here)
 *
 * <p>Which tasks the scaling study, the leak check and JMH use is catalogue data: the groups {@code scaling},
 * {@code leak-check}, {@code jmh} and {@code jmh-training} of {@code tasks/groups.json}, per preset name ({@link TaskCatalogue#group}).
 */
public record Preset(String name, int forks, int warmupIterations, int warmupMillis, int measureIterations,
                     int measureMillis, List<Integer> batchSizes, int coldStartForks, String tier, int seeds,
                     List<Integer> scalingRows, List<Integer> threadSweep, List<Integer> sequenceLengths,
                     int leakCheckSeconds, int engineTimeoutMinutes) {

    public static final Preset SMOKE = new Preset("smoke", 2, 1, 200, 3, 200, List.of(32), 2,
            TaskCatalogue.TIER_QUICK, 1, List.of(200, 400), List.of(1), List.of(5, 10), 0, 30);
    public static final Preset QUICK = new Preset("quick", 3, 2, 300, 2, 300, List.of(32), 2,
            TaskCatalogue.TIER_QUICK, 1, List.of(200, 400, 800), List.of(1), List.of(10, 20), 0, 30);
    public static final Preset FULL = new Preset("full", 5, 4, 1000, 6, 1000, List.of(1, 8, 32, 128), 5,
            TaskCatalogue.TIER_FULL, 5, List.of(1000, 5000, 20000, 60000), List.of(1, 2),
            List.of(10, 50, 100, 200), 60, 600);

    public Preset {
        batchSizes = List.copyOf(batchSizes);
        scalingRows = List.copyOf(scalingRows);
        threadSweep = List.copyOf(threadSweep);
        sequenceLengths = List.copyOf(sequenceLengths);
        if (forks < 2 || coldStartForks < 2) {
            throw new IllegalArgumentException("a preset needs at least 2 forks per figure (the replication unit),"
                    + " got " + forks + " and " + coldStartForks + " for cold start");
        }
        if (engineTimeoutMinutes < 1) {
            throw new IllegalArgumentException("the engine timeout must be at least 1 minute, got "
                    + engineTimeoutMinutes);
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("a preset needs at least one seed, got " + seeds);
        }
    }

    /**
     * This preset with {@code n} JMH forks per figure (and per cold-start figure) instead of its own: more forks
     * narrow the interval of every comparison, as when a pull-request check must tell a 30% change from noise.
     *
     * @throws IllegalArgumentException when {@code n < 2}
     */
    public Preset withForks(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("--forks must be at least 2 (one fork gives no between-fork spread),"
                    + " got " + n);
        }
        return new Preset(name, n, warmupIterations, warmupMillis, measureIterations, measureMillis, batchSizes, n,
                tier, seeds, scalingRows, threadSweep, sequenceLengths, leakCheckSeconds, engineTimeoutMinutes);
    }

    /**
     * This preset with an engine timeout of {@code minutes} instead of its own ({@code --engine-timeout}).
     *
     * @throws IllegalArgumentException when {@code minutes < 1}
     */
    public Preset withEngineTimeout(int minutes) {
        return new Preset(name, forks, warmupIterations, warmupMillis, measureIterations, measureMillis, batchSizes,
                coldStartForks, tier, seeds, scalingRows, threadSweep, sequenceLengths, leakCheckSeconds, minutes);
    }

    /** {@link #engineTimeoutMinutes} as a duration. */
    public java.time.Duration engineTimeout() {
        return java.time.Duration.ofMinutes(engineTimeoutMinutes);
    }

    /**
     * The preset called {@code name}.
     *
     * @throws IllegalArgumentException listing the known presets
     */
    public static Preset named(String name) {
        return switch (name) {
            case "smoke" -> SMOKE;
            case "quick" -> QUICK;
            case "full" -> FULL;
            default -> throw new IllegalArgumentException("unknown preset '" + name
                    + "'; known presets: smoke, quick, full");
        };
    }
}
