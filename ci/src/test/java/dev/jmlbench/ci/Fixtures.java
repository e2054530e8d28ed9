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
        return env(commit, cpu, "GenuineIntel family 6 model 85 stepping 7", cores);
    }

    /** An environment on a machine of the given CPU model name, CPU identity and cores, at the given commit. */
    public static EnvironmentInfo env(String commit, String cpu, String cpuId, int cores) {
        return new EnvironmentInfo(cpu, cpuId, List.of("avx2"), cores, 1L << 34, "Linux", "OpenJDK 17", List.of(),
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
        return Measurement.of("iris-logreg", engine, Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT)
                .params(Map.of(Names.PARAM_BATCH_SIZE, "30", Names.PARAM_THREADS, "1", Names.PARAM_JVM, "OpenJDK 17",
                        Names.PARAM_FORKS, Integer.toString(forks.length)))
                .value(mean, Names.UNIT_SAMPLES_PER_SECOND).samples(forks.length)
                .rawScores(Arrays.stream(forks).boxed().toList()).quality(0.96, true)
                .forkMeans(Arrays.stream(forks).boxed().toList()).build();
    }

    /** A latency figure measured in one fork per value (each value one fork's mean latency). */
    public static Measurement latency(String engine, double... forks) {
        double mean = Arrays.stream(forks).average().orElseThrow();
        return Measurement.of("iris-logreg", engine, Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY)
                .params(Map.of(Names.PARAM_BATCH_SIZE, "1", Names.PARAM_THREADS, "1")).value(mean, Names.UNIT_MICROS)
                .samples(100_000).percentiles(Map.of(Names.PERCENTILE_P50, mean)).quality(0.96, true)
                .forkMeans(Arrays.stream(forks).boxed().toList()).build();
    }

    /** A quality-stage figure (one sample). */
    public static Measurement quality(String engine, String metric, double value, String unit, boolean met) {
        return Measurement.of("iris-logreg", engine, Names.SCENARIO_QUALITY, metric).param(Names.PARAM_THREADS, "1")
                .value(value, unit).samples(1).quality(met ? 0.96 : 0.5, met).build();
    }
}
