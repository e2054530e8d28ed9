package dev.jmlbench.suites;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.reports.stats.RatioInterval;
import dev.jmlbench.reports.stats.Verdict;
import dev.jmlbench.suites.cli.Main;
import dev.jmlbench.suites.harness.Preset;
import dev.jmlbench.suites.harness.ResultsMerger;
import dev.jmlbench.suites.jmh.InferenceBenchmark;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves the verdicts on this machine, with real JMH runs (not a simulation): the quick preset's fork settings
 * (3 forks, its warm-up and measurement iterations) on one task and two engines, inference throughput at batch 32
 * and single-example latency. The runs compared alternate fork by fork (a, b, slowed, a, b, slowed, ...), as the
 * CI procedure alternates base, head and base.
 * <ul>
 *   <li><b>A/A</b>: the same code measured twice, back to back, per repetition; every figure compared with its twin
 *       must not be called {@code faster} or {@code slower} in at least 95% of the pairs.</li>
 *   <li><b>A/B</b>: the reference engine made 30% slower ({@code -Djmlbench.injectSlowdown=reference:1.3}, a busy
 *       wait inside the timed call) and compared with the first run of the repetition: {@code slower} in at least
 *       90% of the repetitions, for each of its figures.</li>
 * </ul>
 * Minutes of JMH, so it runs only when asked: {@code mvn -o test -pl suites -Dtest=VerdictRatesTest
 * -Djmlbench.verdictRates=10} (the number of repetitions; {@code -Djmlbench.verdictRates.task},
 * {@code .engines} and {@code .methods} narrow it); it writes {@code target/verdict-rates/verdict-rates.json}.
 */
class VerdictRatesTest {
    private static final int REPETITIONS = Integer.getInteger("jmlbench.verdictRates", 0);
    private static final String TASK = System.getProperty("jmlbench.verdictRates.task", "lenet5-digits");
    private static final List<String> ENGINES = List.of(System.getProperty("jmlbench.verdictRates.engines",
            "reference,djl").split(","));
    /** The benchmark methods of {@link InferenceBenchmark} measured (a regular expression's alternatives). */
    private static final String METHODS = System.getProperty("jmlbench.verdictRates.methods",
            "batchThroughput|singleSampleLatency");
    private static final String SLOWED = "reference";
    private static final double SLOWDOWN = 1.3;
    private static final Path OUT = Path.of("target", "verdict-rates").toAbsolutePath();

    @Test
    void sameCodeIsNotCalledFasterOrSlowerAndAThirtyPercentSlowdownIsCalledSlower() throws Exception {
        assumeTrue(REPETITIONS > 0, "minutes of JMH: run with -Djmlbench.verdictRates=N (N repetitions)");
        Path base = OUT.resolve("quality");
        assertEquals(0, Main.execute(System.out, System.err, "run", "--stage", "quality", "--preset", "quick",
                "--tasks", TASK, "--engines", String.join(",", ENGINES), "--out", base.toString()), "quality stage");
        int aaPairs = 0;
        int aaClaims = 0;
        int abPairs = 0;
        int abSlower = 0;
        List<String> lines = new ArrayList<>();
        for (int rep = 0; rep < REPETITIONS; rep++) {
            // the two runs (and the slowed one) alternate fork by fork, as the CI procedure alternates base, head,
            // base: a change of load on the machine then falls on both sides instead of looking like a difference
            Map<String, List<Double>> firstForks = new LinkedHashMap<>();
            Map<String, List<Double>> secondForks = new LinkedHashMap<>();
            Map<String, List<Double>> slowedForks = new LinkedHashMap<>();
            for (int fork = 0; fork < Preset.QUICK.forks(); fork++) {
                measure(base, rep + "-a-" + fork, null, firstForks);
                measure(base, rep + "-b-" + fork, null, secondForks);
                measure(base, rep + "-slow-" + fork, SLOWED + ":" + SLOWDOWN, slowedForks);
            }
            Map<String, double[]> first = arrays(firstForks);
            Map<String, double[]> second = arrays(secondForks);
            Map<String, double[]> slowed = arrays(slowedForks);
            for (Map.Entry<String, double[]> e : first.entrySet()) {
                double[] twin = second.get(e.getKey());
                if (twin == null) {
                    continue;
                }
                Verdict v = verdict(e.getKey(), twin, e.getValue());
                aaPairs++;
                aaClaims += v == Verdict.FASTER || v == Verdict.SLOWER ? 1 : 0;
                lines.add("rep " + rep + " A/A " + e.getKey() + ": " + v.word() + " " + text(e.getKey(), twin,
                        e.getValue()));
            }
            for (Map.Entry<String, double[]> e : slowed.entrySet()) {
                if (!e.getKey().contains("/" + SLOWED + "/") || !first.containsKey(e.getKey())) {
                    continue;
                }
                Verdict v = verdict(e.getKey(), e.getValue(), first.get(e.getKey()));
                abPairs++;
                abSlower += v == Verdict.SLOWER ? 1 : 0;
                lines.add("rep " + rep + " A/B " + e.getKey() + ": " + v.word() + " " + text(e.getKey(), e.getValue(),
                        first.get(e.getKey())));
            }
        }
        double aaRate = 1 - (double) aaClaims / aaPairs;
        double abRate = (double) abSlower / abPairs;
        lines.forEach(l -> System.out.println("[verdict-rates] " + l));
        String summary = String.format(Locale.ROOT, "A/A: %d of %d pairs without a faster/slower claim (%.1f%%);"
                + " A/B (x%.1f injected into %s): %d of %d called slower (%.1f%%)", aaPairs - aaClaims, aaPairs,
                aaRate * 100, SLOWDOWN, SLOWED, abSlower, abPairs, abRate * 100);
        System.out.println("[verdict-rates] " + summary);
        ObjectNode json = ResultsJson.mapper().createObjectNode();
        json.put("task", TASK).put("engines", String.join(",", ENGINES)).put("repetitions", REPETITIONS)
                .put("forksPerFigure", Preset.QUICK.forks()).put("aaPairs", aaPairs).put("aaClaims", aaClaims)
                .put("abPairs", abPairs).put("abSlower", abSlower).put("summary", summary);
        lines.forEach(json.putArray("pairs")::add);
        Files.createDirectories(OUT);
        ResultsJson.mapper().writeValue(OUT.resolve("verdict-rates.json").toFile(), json);
        assertTrue(aaRate >= 0.95, summary);
        assertTrue(abRate >= 0.90, summary);
    }

    /** How many times faster {@code a} is than {@code b}, in the figure's terms. */
    private static RatioInterval.Estimate speed(String key, double[] a, double[] b) {
        RatioInterval.Estimate r = RatioInterval.of(a, b);
        return key.contains("singleSampleLatency") ? r.inverse() : r;
    }

    private static Verdict verdict(String key, double[] a, double[] b) {
        RatioInterval.Estimate s = speed(key, a, b);
        return Verdict.of(s.low(), s.high(), Verdict.DEFAULT_MARGIN);
    }

    private static String text(String key, double[] a, double[] b) {
        return speed(key, a, b).text();
    }

    private static Map<String, double[]> arrays(Map<String, List<Double>> forks) {
        Map<String, double[]> out = new LinkedHashMap<>();
        forks.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    /** One fork of every figure, with the quick preset's iterations; its mean appended by figure ("method/engine/"). */
    private static void measure(Path base, String name, String inject, Map<String, List<Double>> out)
            throws Exception {
        Path dir = OUT.resolve(name);
        Files.createDirectories(dir);
        Preset p = Preset.QUICK;
        for (String engine : ENGINES) {
            if (inject != null && !inject.startsWith(engine + ":")) {
                continue;
            }
            Path result = dir.resolve(engine + ".json");
            List<String> args = new ArrayList<>(List.of("-Djmlbench.threads=1",
                    "-Djmlbench.cacheDir=" + Path.of("target", "native-cache").toAbsolutePath(),
                    "-Djmlbench.checkDir=" + dir.resolve("checks"), "-Djmlbench.modelDir=" + base.resolve("models")));
            if (inject != null) {
                args.add("-Djmlbench.injectSlowdown=" + inject);
            }
            new Runner(new OptionsBuilder()
                    .include(InferenceBenchmark.class.getName() + "\\.(" + METHODS + ")$")
                    .param("engine", engine).param("task", TASK).param("batchSize", "32")
                    .forks(1)
                    .warmupIterations(p.warmupIterations()).warmupTime(TimeValue.milliseconds(p.warmupMillis()))
                    .measurementIterations(p.measureIterations())
                    .measurementTime(TimeValue.milliseconds(p.measureMillis()))
                    .shouldFailOnError(true)
                    .jvmArgsAppend(args.toArray(String[]::new))
                    .resultFormat(ResultFormatType.JSON).result(result.toString())
                    .build()).run();
            for (JsonNode record : ResultsJson.mapper().readTree(result.toFile())) {
                String method = record.path("benchmark").asText().replaceAll(".*\\.", "");
                JsonNode metric = record.path("primaryMetric");
                List<Double> means = method.equals("singleSampleLatency") ? latencyForkMeans(metric)
                        : dev.jmlbench.suites.jmh.JmhFigures.forkMeans(metric.path("rawData"), 1);
                out.computeIfAbsent(method + "/" + engine + "/", k -> new ArrayList<>()).addAll(means);
            }
        }
    }

    private static List<Double> latencyForkMeans(JsonNode metric) {
        List<Double> means = new ArrayList<>();
        for (JsonNode fork : metric.path("rawDataHistogram")) {
            double sum = 0;
            long n = 0;
            for (JsonNode iteration : fork) {
                for (JsonNode bin : iteration) {
                    sum += bin.path(0).asDouble() * bin.path(1).asLong();
                    n += bin.path(1).asLong();
                }
            }
            means.add(sum / n);
        }
        return means;
    }
}
