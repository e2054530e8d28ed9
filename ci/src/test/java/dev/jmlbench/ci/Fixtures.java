package dev.jmlbench.ci;

import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Results for the ci tests: the real quick run of this machine, and small hand-made runs. */
public final class Fixtures {
    private Fixtures() {
    }

    /**
     * The results of a real quick-preset run on this machine (AMD EPYC, 2 logical cores, commit 7d1fd63): two
     * tasks on four engines, throughput with 5 JMH iteration scores per cell.
     */
    public static RunResults quickRun() {
        try {
            return ResultsJson.read(Path.of(Fixtures.class.getResource("quick-run-results.json").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An environment on a machine of the given class, at the given commit. */
    public static EnvironmentInfo env(String commit, String cpu, int cores) {
        return new EnvironmentInfo(cpu, List.of("avx2"), cores, 1L << 34, "Linux", "OpenJDK 17", List.of(),
                Map.of("jmlbench.threads", "1"), commit, "2026-11-27T00:00:00Z");
    }

    /** A run with these measurements only. */
    public static RunResults run(String runId, EnvironmentInfo env, List<Measurement> measurements) {
        return new RunResults(RunResults.SCHEMA_VERSION, runId, env, List.of(), List.of(), List.of(), measurements,
                List.of());
    }

    /** A throughput figure measured in one JMH fork per value (each value one fork's mean); the value is their mean. */
    public static Measurement throughput(String engine, double... forks) {
        double mean = Arrays.stream(forks).average().orElseThrow();
        return new Measurement("iris-logreg", engine, "cpu", Names.SCENARIO_INFERENCE_THROUGHPUT,
                Map.of(Names.PARAM_BATCH_SIZE, "30", Names.PARAM_THREADS, "1", "jvm", "OpenJDK 17", "forks",
                        Integer.toString(forks.length)),
                Names.METRIC_THROUGHPUT, mean, Names.UNIT_SAMPLES_PER_SECOND, null, (long) forks.length, null,
                Arrays.stream(forks).boxed().toList(), 0.96, true, null, Arrays.stream(forks).boxed().toList());
    }

    /** A latency figure measured in one fork per value (each value one fork's mean latency). */
    public static Measurement latency(String engine, double... forks) {
        double mean = Arrays.stream(forks).average().orElseThrow();
        return new Measurement("iris-logreg", engine, "cpu", Names.SCENARIO_INFERENCE_LATENCY,
                Map.of(Names.PARAM_BATCH_SIZE, "1", Names.PARAM_THREADS, "1"), Names.METRIC_LATENCY, mean,
                Names.UNIT_MICROS, null, 100_000L, Map.of("p50", mean), null, 0.96, true, null,
                Arrays.stream(forks).boxed().toList());
    }

    /** A quality-stage figure (one sample). */
    public static Measurement quality(String engine, String metric, double value, String unit, boolean met) {
        return new Measurement("iris-logreg", engine, "cpu", Names.SCENARIO_QUALITY,
                Map.of(Names.PARAM_THREADS, "1"), metric, value, unit, null, 1L, null, null, met ? 0.96 : 0.5, met,
                null);
    }
}
