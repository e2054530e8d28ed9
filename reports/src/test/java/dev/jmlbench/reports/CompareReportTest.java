package dev.jmlbench.reports;

import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.reports.stats.RatioInterval;
import dev.jmlbench.reports.stats.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareReportTest {
    @TempDir
    Path dir;

    private static Measurement scaled(Measurement m, double factor, Map<String, String> params) {
        List<Double> raw = m.rawScores() == null ? null : m.rawScores().stream().map(v -> v * factor).toList();
        List<Double> forks = m.forkMeans() == null ? null : m.forkMeans().stream().map(v -> v * factor).toList();
        return Measurement.of(m.task(), m.engine(), m.scenario(), m.metric()).device(m.device()).params(params)
                .value(m.value() * factor, m.unit()).error(m.error() == null ? null : m.error() * factor)
                .samples(m.samples()).percentiles(m.percentiles()).rawScores(raw).quality(m.accuracy(), m.qualityMet())
                .dataset(m.dataset()).forkMeans(forks).build();
    }

    private static boolean is(Measurement m, String task, String engine, String scenario, String metric, String batch) {
        return task.equals(m.task()) && engine.equals(m.engine()) && scenario.equals(m.scenario())
                && metric.equals(m.metric()) && (batch == null || batch.equals(m.params().get(Names.PARAM_BATCH_SIZE)));
    }

    /**
     * B from A: DJL's LeNet throughput at batch 1 halved (worse), the reference engine's MLP latency halved
     * (better), a new JVM (a run-specific parameter, so figures still match), one figure dropped and one added,
     * and DJL upgraded.
     */
    static RunResults runB(RunResults a) {
        List<Measurement> ms = new ArrayList<>();
        for (Measurement m : a.measurements()) {
            Map<String, String> params = new LinkedHashMap<>(m.params());
            if (params.containsKey("jvm")) {
                params.put("jvm", "Fixture JVM 21");
                params.put("preset", "full");
            }
            if (is(m, TestFixtures.CNN, "djl", Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT, "1")) {
                ms.add(scaled(m, 0.5, params));
            } else if (is(m, TestFixtures.MLP, "reference", Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY,
                    null)) {
                ms.add(scaled(m, 0.5, params));
            } else if (is(m, TestFixtures.FOREST, "tribuo", Names.SCENARIO_QUALITY, Names.METRIC_PEAK_HEAP, null)) {
                continue; // only in A
            } else {
                ms.add(scaled(m, 1, params));
            }
        }
        ms.add(TestFixtures.quality(TestFixtures.FOREST, "tribuo", Names.METRIC_PEAK_RSS, 3e8, Names.UNIT_BYTES));
        EnvironmentInfo e = a.environment();
        EnvironmentInfo env = new EnvironmentInfo(e.cpuModel(), e.cpuId(), e.cpuFlags(), e.logicalCores(), e.memoryBytes(), e.os(),
                "Fixture JVM 21.0.4", e.jvmFlags(), e.threadSettings(), "4567cdef", "2024-02-03T04:05:06Z");
        List<EngineInfo> engines = a.engines().stream().map(x -> x.id().equals("djl") ? new EngineInfo(x.id(),
                x.displayName(), "0.37.0", x.nativeVersion(), x.threads(), x.devices()) : x).toList();
        return new RunResults(a.schemaVersion(), "fixture-rich-b", env, engines, a.tasks(), a.datasets(), ms,
                a.cells(), a.provenance());
    }

    private static RunComparison.Row row(RunComparison c, String task, String engine, String scenario,
                                         String metric, String batch) {
        return c.rows().stream().filter(r -> is(r.a(), task, engine, scenario, metric, batch)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + task + " " + engine + " " + metric));
    }

    @Test
    void figuresAreMatchedAcrossRunSpecificParametersAndJudgedByTheirMetric() {
        RunResults a = TestFixtures.rich();
        RunComparison c = RunComparison.of(a, runB(a));
        assertEquals(a.measurements().size() - 1, c.rows().size(), "every figure but the dropped one matched");

        RunComparison.Row slower = row(c, TestFixtures.CNN, "djl", Names.SCENARIO_INFERENCE_THROUGHPUT,
                Names.METRIC_THROUGHPUT, "1");
        assertEquals(0.5, slower.ratio(), 1e-12);
        assertEquals(Verdict.SLOWER, slower.verdict());
        assertEquals("B slower", slower.verdictText());
        assertEquals(RatioInterval.METHOD, slower.ciMethod());
        // the interval over the five fork means of each run holds 0.5 and stays well below 1
        assertTrue(slower.low() < 0.5 && 0.5 < slower.high() && slower.high() < 0.6, slower.toString());

        RunComparison.Row faster = row(c, TestFixtures.MLP, "reference", Names.SCENARIO_INFERENCE_LATENCY,
                Names.METRIC_LATENCY, null);
        assertEquals(Verdict.FASTER, faster.verdict(), "half the latency is faster");

        RunComparison.Row same = row(c, TestFixtures.MLP, "djl", Names.SCENARIO_INFERENCE_THROUGHPUT,
                Names.METRIC_THROUGHPUT, "8");
        assertEquals(1.0, same.ratio(), 1e-12);
        assertEquals(Verdict.EQUIVALENT, same.verdict(), same.toString());

        RunComparison.Row accuracy = row(c, TestFixtures.CNN, "djl", Names.SCENARIO_QUALITY, Names.METRIC_ACCURACY,
                null);
        assertEquals(Verdict.INCONCLUSIVE, accuracy.verdict(), "one training run: no interval");
        assertEquals("not tested", accuracy.verdictText());
        assertTrue(Double.isNaN(accuracy.low()));

        // one fork per side: no between-fork spread, so no interval and no verdict, whatever the iterations say
        RunResults oneFork = withOneFork(a);
        RunComparison.Row single = row(RunComparison.of(oneFork, runB(oneFork)), TestFixtures.CNN, "djl",
                Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT, "1");
        assertEquals(RatioInterval.NO_INTERVAL, single.ciMethod());
        assertEquals(Verdict.INCONCLUSIVE, single.verdict());

        assertEquals(1, c.onlyA().size());
        assertEquals(Names.METRIC_PEAK_HEAP, c.onlyA().get(0).metric());
        assertEquals(1, c.onlyB().size());
        assertEquals(Names.METRIC_PEAK_RSS, c.onlyB().get(0).metric());
    }

    private static RunResults withOneFork(RunResults r) {
        List<Measurement> ms = r.measurements().stream().map(m -> m.forkMeans() == null ? m
                : m.withForkMeans(List.of(m.value()))).toList();
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), r.engines(), r.tasks(), r.datasets(), ms,
                r.cells(), r.provenance());
    }

    @Test
    void theReportShowsRatiosEnvironmentDifferencesAndUnmatchedFigures() throws IOException {
        RunResults a = TestFixtures.rich();
        RunResults b = runB(a);
        Path aFile = dir.resolve("a").resolve("results.json");
        Path bFile = dir.resolve("b").resolve("results.json");
        ResultsJson.write(aFile, a);
        ResultsJson.write(bFile, b);
        Path index = CompareReport.write(aFile, bFile, dir.resolve("compare"));
        assertEquals(dir.resolve("compare").resolve("index.html"), index);
        String html = Files.readString(index, StandardCharsets.UTF_8);
        List<HtmlChecks.Image> images = HtmlChecks.check(html);
        assertTrue(images.size() >= 3, "ratio charts: " + images.size());
        assertTrue(images.stream().anyMatch(i -> i.alt().startsWith("Dot chart of the ratio B/A of"
                + " inference-throughput throughput") && i.alt().contains("lenet5-digits, djl, inference-throughput"
                + " throughput (batch 1, threads 1): 0.50\u00d7")), images.get(0).alt());

        // one colour and marker per engine, the same as in each run's own report: swatches in the tables, each
        // engine's points of the ratio charts in its colour
        EnginePalette palette = EnginePalette.of(a, b);
        assertTrue(HtmlChecks.section(html, "ratios").contains("<td><span class=\"sw eng0\" aria-hidden=\"true\">"
                + "\u25CF</span>djl</td>"), "djl's swatch");
        assertEquals(palette.index("djl"), EnginePalette.of(a).index("djl"));
        HtmlChecks.Image djl = images.stream().filter(i -> i.alt().contains(", djl, ")).findFirst().orElseThrow();
        int rgb = ChartKit.COLORS[palette.index("djl")].getRGB() & 0xffffff;
        int n = 0;
        for (int y = 0; y < djl.image().getHeight(); y++) {
            for (int x = 0; x < djl.image().getWidth(); x++) {
                n += (djl.image().getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        assertTrue(n > 20, "djl's colour in its ratio chart: " + n + " pixels");
        assertTrue(html.contains("<a href=\"../a/results.json\">results.json</a>"));
        String env = HtmlChecks.section(html, "environment");
        assertTrue(env.contains("<th scope=\"row\">JVM</th><td>Fixture JVM 17.0.12</td><td>Fixture JVM 21.0.4</td>"), env);
        assertTrue(env.contains("<th scope=\"row\">Engine djl: library</th><td>0.36.0</td><td>0.37.0</td>"));
        assertTrue(env.contains("<th scope=\"row\">Git commit</th><td>0123abcd</td><td>4567cdef</td>"));
        assertFalse(env.contains("<th scope=\"row\">CPU</th>"), "unchanged fields are not listed");

        String summary = HtmlChecks.section(html, "summary");
        assertTrue(summary.contains("1 B faster, 1 B slower,"), summary);
        assertTrue(summary.contains("1 figures only in A, 1 only in B."));
        assertTrue(summary.contains("lenet5-digits, djl, inference-throughput throughput (batch 1, threads 1):"
                + " 0.50\u00d7 (B/A, 95% CI 0.4"), summary);
        assertTrue(summary.contains("), B slower."), summary);
        // the worse row is marked, its parameters printed without the run-specific ones
        assertTrue(html.contains("<tr class=\"regression\">"));
        assertFalse(HtmlChecks.section(html, "ratios").contains("jvm Fixture"));
        assertTrue(HtmlChecks.section(html, "only-a").contains("<td>peak-heap</td>"));
        assertTrue(HtmlChecks.section(html, "only-b").contains("<td>peak-rss</td>"));
    }

    @Test
    void runsWithNothingInCommon() throws IOException {
        RunResults a = TestFixtures.run();
        RunResults b = new RunResults(a.schemaVersion(), "empty", a.environment(), a.engines(), a.tasks(),
                a.datasets(), List.of(), a.cells());
        Path index = CompareReport.write(a, dir.resolve("a.json"), b, dir.resolve("b.json"), dir.resolve("out"));
        String html = Files.readString(index);
        HtmlChecks.check(html);
        assertTrue(html.contains("The two runs have no figure in common."));
        assertTrue(html.contains("The two runs name the same CPU"));
        assertTrue(HtmlChecks.section(html, "only-b").contains("None."));
    }
}
