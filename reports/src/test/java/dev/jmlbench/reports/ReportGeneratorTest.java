package dev.jmlbench.reports;

import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportGeneratorTest {
    private static final Pattern IMG = Pattern.compile(
            "<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" alt=\"([^\"]+)\" width=\"(\\d+)\" height=\"(\\d+)\"");

    @TempDir
    Path dir;

    private String render(RunResults results) throws IOException {
        Path out = dir.resolve("report");
        Path index = ReportGenerator.write(results, dir.resolve("results.json"), out);
        assertEquals(out.resolve("index.html"), index);
        assertTrue(Files.isRegularFile(index));
        assertTrue(Files.isRegularFile(out.resolve("results.csv")));
        return Files.readString(index, StandardCharsets.UTF_8);
    }

    @Test
    void everyEngineHasARowWithFormattedFigures() throws IOException {
        String html = render(TestFixtures.run());

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("fixture-run-1"));
        assertTrue(html.contains("0123abcd"));
        assertTrue(html.contains("2024-01-02T03:04:05Z"));
        // tribuo: the reference, so no parity figure
        // the interval is the 95% t interval of the raw scores v-1, v, v+1: t(0.975, 2) / sqrt(3) = 2.484
        assertTrue(html.contains("<th scope=\"row\"><span class=\"sw eng2\" aria-hidden=\"true\">\u25C6</span>Tribuo</th><td>cpu</td>"
                + "<td class=\"num\">96.67 % (target accuracy \u2265 95.00 % met)</td>"
                + "<td class=\"num\">0.4321 s</td>"
                + "<td class=\"missing\">\u2014</td>"
                + "<td class=\"num\">12,346 \u00b1 2.484 samples/s (batch 64, threads 1)</td>"
                + "<td class=\"num\">12.35 / 15.00 / 40.12 us (threads 1)</td>"), html);
        assertTrue(html.contains("<td class=\"num\">93.33 % (below the target accuracy \u2265 95.00 %)</td>"
                + "<td class=\"num\">2.500 s</td><td class=\"num\">1.50e-07 probability</td>"
                + "<td class=\"num\">6,173 \u00b1 2.484 samples/s (batch 64, threads 1)</td>"));
        // dl4j failed to load: every figure is missing, with the reason
        assertTrue(html.contains("<th scope=\"row\"><span class=\"sw eng1\" aria-hidden=\"true\">\u25A0</span>Deeplearning4j</th><td>cpu</td><td class=\"missing\" "
                + "colspan=\"6\">\u2014 (failed: " + TestFixtures.DL4J_REASON + ")</td>"));
        // the skipped GPU cell gets its own row with its reason
        assertTrue(html.contains("<td>gpu</td><td class=\"missing\" colspan=\"6\">"
                + "\u2014 (skipped: no CUDA device)</td>"));
        // a figure missing from a row that has others shows the reason of the relevant stage
        assertTrue(html.contains("<th scope=\"row\"><span class=\"sw eng2\" aria-hidden=\"true\">\u25C6</span>Tribuo</th><td>cpu</td><td class=\"num\">90.00 % (target "
                + "accuracy \u2265 80.00 % met)</td><td class=\"missing\">\u2014</td>"));
        assertTrue(html.contains("gpu: skipped: no CUDA device"), "engines block shows the device skip reason");
        assertTrue(html.contains("Fixture CPU @ 2.0GHz"));
        assertTrue(html.contains("sse4_2 avx2 fma"));
        assertTrue(html.contains("8.0 GiB"));
        assertTrue(html.contains("OMP_NUM_THREADS=1, jmlbench.threads=1"));
        assertTrue(html.contains("CC BY 4.0"));
        assertTrue(html.contains("ab".repeat(32)));
    }

    @Test
    void sectionsComeInOrder() throws IOException {
        String html = render(TestFixtures.run());
        int[] at = {html.indexOf("<h1>"), html.indexOf("<nav"), html.indexOf("id=\"summary\""),
            html.indexOf("id=\"family-classic\""), html.indexOf("id=\"task-iris-logreg\""), html.indexOf("<img"),
            html.indexOf("id=\"environment\""), html.indexOf("Fairness checks"), html.indexOf("<h3>Engines</h3>"),
            html.indexOf("id=\"cells\""), html.indexOf("id=\"datasets\""), html.indexOf("id=\"files\"")};
        for (int i = 0; i < at.length; i++) {
            assertTrue(at[i] >= 0, "section " + i + " missing");
            assertTrue(i == 0 || at[i] > at[i - 1], "section " + i + " out of order");
        }
        assertTrue(html.contains("@media print"));
        assertFalse(html.contains("<script"), "the report needs no JavaScript");
        HtmlChecks.check(html);
    }

    @Test
    void chartsAreEmbeddedValidPngsAndOmittedWithoutData() throws IOException {
        String html = render(TestFixtures.run());
        Matcher m = IMG.matcher(html);
        List<String> alts = new ArrayList<>();
        while (m.find()) {
            byte[] png = Base64.getDecoder().decode(m.group(1));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                    Arrays.copyOf(png, 8));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(image);
            assertTrue(image.getWidth() > 0);
            assertEquals(Integer.parseInt(m.group(3)), image.getWidth());
            assertEquals(Integer.parseInt(m.group(4)), image.getHeight());
            alts.add(m.group(2));
        }
        // throughput, latency percentiles and the accuracy-latency chart of the dataset; none for the quality-only task
        assertEquals(3, alts.size(), alts.toString());
        assertTrue(alts.get(0).contains("inference throughput") && alts.get(0).contains("12,346 \u00b1 2.484"));
        assertTrue(alts.get(1).contains("latency percentiles") && alts.get(1).contains("p99 99.75"));
        assertTrue(alts.get(2).contains("accuracy against mean single-example latency"), alts.get(2));
        assertFalse(HtmlChecks.section(html, "task-tiny-mlp").contains("<img"));
    }

    @Test
    void hostileTextIsEscapedEverywhere() throws IOException {
        RunResults base = TestFixtures.run(TestFixtures.HOSTILE, 12345.6, 234.5, 6172.8, 100.0);
        RunResults results = base.plus(List.of(), List.of(new CellStatus(TestFixtures.TASK, "djl", "cpu",
                Names.STAGE_JMH, CellStatus.Status.FAILED, TestFixtures.HOSTILE)));
        String html = render(results);

        assertFalse(html.contains("<script>"));
        assertFalse(html.contains(TestFixtures.HOSTILE));
        String escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &quot;&amp;&#39;";
        assertTrue(html.contains("<th scope=\"row\"><span class=\"sw eng0\" aria-hidden=\"true\">\u25CF</span>" + escaped + "</th>"), "engine name in the task table");
        assertTrue(html.contains("<td>" + escaped + "</td>"), "reason in the cells table");
        assertTrue(html.contains("alt=\"Dot chart of inference throughput"));
        Matcher m = IMG.matcher(html);
        assertTrue(m.find());
        assertTrue(m.group(2).contains(escaped), "chart alt text is escaped too");
    }

    @Test
    void failedSkippedAndUnsupportedCellsAreListedWithReasons() throws IOException {
        String html = render(TestFixtures.run());
        String cells = HtmlChecks.section(html, "cells");
        assertTrue(cells.contains("<td>iris-logreg</td><td>dl4j</td><td>cpu</td><td>open</td><td>FAILED</td><td>"
                + TestFixtures.DL4J_REASON + "</td>"));
        assertTrue(cells.contains("<td>gpu</td><td>open</td><td>SKIPPED</td><td>no CUDA device</td>"));
        assertTrue(cells.contains("<td>UNSUPPORTED</td><td>fixture: layer not supported</td>"));
        assertTrue(cells.contains("<td>BELOW_TARGET</td>"));
        assertFalse(cells.contains("<td>OK</td>"));
    }

    @Test
    void aRunWhereEveryEngineFailedStillRenders() throws IOException {
        RunResults results = new RunResults(RunResults.SCHEMA_VERSION, "fixture-all-failed",
                TestFixtures.environment(), List.of(), List.of(TestFixtures.task(TestFixtures.TASK, 0.9)),
                TestFixtures.datasets(), List.of(), List.of(
                new CellStatus(TestFixtures.TASK, "dl4j", "cpu", Names.STAGE_OPEN, CellStatus.Status.FAILED,
                        TestFixtures.DL4J_REASON),
                new CellStatus(null, "djl", null, Names.STAGE_OPEN, CellStatus.Status.FAILED,
                        "fixture: PyTorch native library missing")));
        String html = render(results);

        assertTrue(html.contains("No measurements were recorded"));
        assertTrue(html.contains("No speed figure was measured for this task."));
        assertTrue(html.contains("\u2014 (failed: " + TestFixtures.DL4J_REASON + ")"));
        assertTrue(html.contains("\u2014 (failed: fixture: PyTorch native library missing)"));
        assertTrue(html.contains("<td>all tasks</td><td>djl</td>"));
        assertTrue(html.contains("No engine was opened."));
        assertFalse(html.contains("<img"));
        List<List<String>> csv = CsvParser.parse(Files.readString(dir.resolve("report/results.csv")));
        assertEquals(List.of(ResultsCsv.HEADER), csv);
    }

    @Test
    void threeForksGiveAVerdictWithItsIntervalAndOneForkGivesNone() throws IOException {
        // three forks each (means value - 1, value, value + 1): a twofold gap is a clear verdict with its interval
        String html = render(TestFixtures.run());
        assertTrue(html.contains("<li>Inference throughput, batch 64: tribuo is 2.00x faster than djl (95% CI 2.00-2.00x)"
                + "; model accuracy 96.67 %.</li>"), html);
        // latency recorded without per-fork means: a ratio, but no interval and no claim
        assertTrue(html.contains("<li>Single-example latency: tribuo vs djl: inconclusive, tribuo 1.86x as fast (no"
                + " interval: fewer than 2 forks on a side); model accuracy 96.67 %.</li>"), html);
        assertTrue(html.contains("<li>Quality (accuracy, target accuracy \u2265 95.00 %): tribuo 96.67 %, djl 93.33 %"
                + " (below target), dl4j failed; one training run each, not ranked.</li>"));
    }

    @Test
    void aTenfoldGapWithThreeNoisyForksIsFasterNotNoDifference() throws IOException {
        // the issue that started the statistics core: 10x apart, 3 forks each with 5% spread
        RunResults base = TestFixtures.run();
        List<Measurement> ms = new ArrayList<>(base.measurements().stream()
                .filter(m -> !Names.SCENARIO_INFERENCE_THROUGHPUT.equals(m.scenario())).toList());
        ms.add(forks("tribuo", 43000, 41000, 45000));
        ms.add(forks("djl", 4100, 3900, 4300));
        String html = render(new RunResults(base.schemaVersion(), base.runId(), base.environment(), base.engines(),
                base.tasks(), base.datasets(), ms, base.cells()));
        assertTrue(html.contains("<li>Inference throughput, batch 64: tribuo is 10.5x faster than djl (95% CI "), html);
        assertTrue(html.contains("A clear difference (95% interval entirely beyond 5%): 1 (wins: tribuo 1)"), html);
    }

    private static Measurement forks(String engine, double... means) {
        List<Double> forks = java.util.Arrays.stream(means).boxed().toList();
        double mean = java.util.Arrays.stream(means).average().orElseThrow();
        return Measurement.of(TestFixtures.TASK, engine, Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT)
                .params(Map.of(Names.PARAM_BATCH_SIZE, "64", Names.PARAM_THREADS, "1"))
                .value(mean, Names.UNIT_SAMPLES_PER_SECOND).samples(means.length * 3L).quality(0.96667, true)
                .dataset(TestFixtures.stamp()).forkMeans(forks).build();
    }

    @Test
    void overlappingForksAreEquivalentOrInconclusiveNeverFaster() throws IOException {
        RunResults base = TestFixtures.run();
        List<Measurement> ms = new ArrayList<>(base.measurements().stream()
                .filter(m -> !Names.SCENARIO_INFERENCE_THROUGHPUT.equals(m.scenario())).toList());
        ms.add(forks("tribuo", 990, 1000, 1010, 995, 1005));
        ms.add(forks("djl", 995, 1005, 1015, 1000, 1010)); // 0.5% apart, spreads of 1%: within the 5% margin
        String html = render(new RunResults(base.schemaVersion(), base.runId(), base.environment(), base.engines(),
                base.tasks(), base.datasets(), ms, base.cells()));
        assertTrue(html.contains("<li>Inference throughput, batch 64: djl and tribuo are equivalent within 5% (ratio"
                + " 1.01x, 95% CI 0.99-1.02x)"), html);
        assertFalse(html.contains("x faster than"));
    }

    @Test
    void severalBatchSizesAndAMissingJmhFigureAreShown() throws IOException {
        RunResults base = TestFixtures.run();
        Measurement batch1 = Measurement.of(TestFixtures.TASK, "tribuo", Names.SCENARIO_INFERENCE_THROUGHPUT,
                        Names.METRIC_THROUGHPUT).params(Map.of(Names.PARAM_BATCH_SIZE, "1", Names.PARAM_THREADS, "1"))
                .value(800.25, Names.UNIT_SAMPLES_PER_SECOND).error(Double.NaN).samples(1).quality(0.9667, false)
                .dataset(TestFixtures.stamp()).build();
        Measurement twoThreads = Measurement.of(TestFixtures.TASK, "tribuo", Names.SCENARIO_INFERENCE_LATENCY,
                        Names.METRIC_LATENCY).params(Map.of(Names.PARAM_BATCH_SIZE, "1", Names.PARAM_THREADS, "2"))
                .value(9.0, Names.UNIT_MICROS).samples(100)
                .percentiles(Map.of(Names.PERCENTILE_P50, 8.0, Names.PERCENTILE_P99, 30.0))
                .dataset(TestFixtures.stamp()).build();
        RunResults results = base.plus(List.of(batch1, twoThreads), List.of(new CellStatus(TestFixtures.TASK_NO_THROUGHPUT,
                "tribuo", "cpu", Names.STAGE_JMH, CellStatus.Status.FAILED, "fixture: JMH fork crashed")));
        String html = render(results);

        assertTrue(html.contains("<td class=\"num\">800.3 samples/s (batch 1, threads 1); model below quality "
                + "target<br>12,346 \u00b1 2.484 samples/s (batch 64, threads 1)</td>"), html);
        // the thread counts differ between the figures, so the summary names them
        assertTrue(html.contains("<li>Inference throughput, batch 1, threads 1: only tribuo measured (800.3"
                + " samples/s).</li><li>Inference throughput, batch 64, threads 1: tribuo is 2.00x faster"),
                html.substring(html.indexOf("id=\"summary\""), html.indexOf("id=\"family-classic\"")));
        assertTrue(html.contains("<td class=\"missing\">\u2014 (failed: fixture: JMH fork crashed)</td>"));
        List<String> alts = HtmlChecks.alts(html);
        // tribuo has two batch sizes: a line per engine across batch sizes replaces the dot chart
        assertTrue(alts.get(0).startsWith("Line chart of inference throughput (samples/s) against batch size"),
                alts.get(0));
        assertTrue(alts.get(0).contains("tribuo: batch 1 800.3, batch 64 12,346"), alts.get(0));
        assertTrue(alts.stream().noneMatch(a -> a.startsWith("Dot chart of inference throughput")), alts.toString());
        // latency measured with 1 and 2 threads: labels name the threads, and the missing p90 is a gap
        assertTrue(html.contains("12.35 / 15.00 / 40.12 us (threads 1)<br>8.000 / \u2014 / 30.00 us (threads 2)"));
        assertTrue(alts.get(1).contains("Tribuo, threads 2: p50 8.000, p90 \u2014, p99 30.00, p99.9 \u2014"),
                alts.get(1));
    }

    @Test
    void linksAreRelative() throws IOException {
        String html = render(TestFixtures.run());
        assertTrue(html.contains("<a href=\"../results.json\">results.json</a>"));
        assertTrue(html.contains("<a href=\"results.csv\">results.csv</a>"));
        assertTrue(html.contains("jmh.json: not present next to results.json"));

        Files.writeString(dir.resolve("jmh.json"), "[]");
        assertTrue(render(TestFixtures.run()).contains("<a href=\"../jmh.json\">jmh.json</a>"));
    }

    @Test
    void csvHasOneQuotedRowPerMeasurement() throws IOException {
        RunResults base = TestFixtures.run();
        String awkward = "a,b \"c\"\r\nd";
        RunResults results = base.plus(List.of(Measurement.of(TestFixtures.TASK, "dl4j", Names.SCENARIO_QUALITY,
                Names.METRIC_ACCURACY).param("note", awkward).value(0.5, Names.UNIT_FRACTION).build()), List.of());
        render(results);
        String text = Files.readString(dir.resolve("report/results.csv"), StandardCharsets.UTF_8);
        List<List<String>> rows = CsvParser.parse(text);

        assertEquals(results.measurements().size() + 1, rows.size());
        assertEquals(ResultsCsv.HEADER, rows.get(0));
        rows.forEach(r -> assertEquals(ResultsCsv.HEADER.size(), r.size(), r.toString()));
        assertTrue(text.contains("\"note=a,b \"\"c\"\"\r\nd\""));
        List<String> last = rows.get(rows.size() - 1);
        assertEquals("note=" + awkward, last.get(ResultsCsv.HEADER.indexOf("otherParams")));
        List<String> tribuoThroughput = rows.stream()
                .filter(r -> r.get(1).equals("tribuo") && r.get(4).equals(Names.METRIC_THROUGHPUT)).findFirst()
                .orElseThrow();
        assertEquals(12345.6, Double.parseDouble(tribuoThroughput.get(ResultsCsv.HEADER.indexOf("value"))));
        assertEquals("234.5", tribuoThroughput.get(ResultsCsv.HEADER.indexOf("error")));
        assertEquals("64", tribuoThroughput.get(ResultsCsv.HEADER.indexOf("batchSize")));
        assertEquals("12344.6;12345.6;12346.6", tribuoThroughput.get(ResultsCsv.HEADER.indexOf("rawScores")));
    }

    /** A strict RFC 4180 reader, independent of the writer under test. */
    static final class CsvParser {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"' && field.isEmpty()) {
                    i++;
                    while (true) {
                        char q = text.charAt(i++);
                        if (q == '"') {
                            if (i < text.length() && text.charAt(i) == '"') {
                                field.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            field.append(q);
                        }
                    }
                    continue;
                }
                if (c == ',') {
                    row.add(field.toString());
                    field.setLength(0);
                    i++;
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(field.toString());
                    field.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i += 2;
                } else {
                    if (c == '"' || c == '\r' || c == '\n') {
                        throw new IllegalArgumentException("unquoted special character at " + i);
                    }
                    field.append(c);
                    i++;
                }
            }
            if (!row.isEmpty() || !field.isEmpty()) {
                throw new IllegalArgumentException("last row not terminated by CRLF");
            }
            return rows;
        }
    }
}
