package dev.jmlbench.suites.harness;

import java.util.List;

/**
 * Size tiers of a run: how long JMH measures. {@code smoke} exists so the test suite can run the whole bench
 * path end to end in seconds; its figures are too short to compare and the report says which preset ran.
 *
 * @param forks              JMH forks per benchmark
 * @param warmupIterations   JMH warm-up iterations
 * @param warmupMillis       length of each warm-up iteration
 * @param measureIterations  JMH measurement iterations
 * @param measureMillis      length of each measurement iteration
 * @param batchSizes         batch sizes of the inference-throughput sweep
 * @param coldStartForks     fresh JVMs the cold-start scenario measures (one sample each)
 */
public record Preset(String name, int forks, int warmupIterations, int warmupMillis, int measureIterations,
                     int measureMillis, List<Integer> batchSizes, int coldStartForks) {

    public static final Preset SMOKE = new Preset("smoke", 1, 1, 200, 3, 200, List.of(32), 1);
    public static final Preset QUICK = new Preset("quick", 1, 2, 500, 5, 500, List.of(1, 32), 2);
    public static final Preset FULL = new Preset("full", 3, 5, 2000, 10, 2000, List.of(1, 8, 32, 128), 5);

    public Preset {
        batchSizes = List.copyOf(batchSizes);
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
