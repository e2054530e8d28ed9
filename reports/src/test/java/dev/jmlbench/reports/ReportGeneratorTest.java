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
        assertTrue(html.contains("<th scope=\"row\">Tribuo</th><td>cpu</td>"
                + "<td class=\"num\">96.67 % (95.00 % target met)</td>"
                + "<td class=\"num\">0.4321 s</td>"
                + "<td class=\"missing\">\u2014</td>"
                + "<td class=\"num\">12,346 \u00b1 234.5 samples/s (batch 64, threads 1)</td>"
                + "<td class=\"num\">12.35 / 15.00 / 40.12 us (threads 1)</td>"), html);
        assertTrue(html.contains("<td class=\"num\">93.33 % (below the 95.00 % target)</td>"
                + "<td class=\"num\">2.500 s</td><td class=\"num\">1.50e-07 probability</td>"
                + "<td class=\"num\">6,173 \u00b1 100.0 samples/s (batch 64, threads 1)</td>"));
        // dl4j failed to load: every figure is missing, with the reason
        assertTrue(html.contains("<th scope=\"row\">Deeplearning4j</th><td>cpu</td><td class=\"missing\" "
                + "colspan=\"5\">\u2014 (failed: " + TestFixtures.DL4J_REASON + ")</td>"));
        // the skipped GPU cell gets its own row with its reason
        assertTrue(html.contains("<td>gpu</td><td class=\"missing\" colspan=\"5\">"
                + "\u2014 (skipped: no CUDA device)</td>"));
        // a figure missing from a row that has others shows the reason of the relevant stage
        assertTrue(html.contains("<th scope=\"row\">Tribuo</th><td>cpu</td><td class=\"num\">90.00 % (80.00 % "
                + "target met)</td><td class=\"missing\">\u2014</td>"));
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
        int[] at = {html.indexOf("<h1>"), html.indexOf("id=\"summary\""), html.indexOf("id=\"task-iris-logreg\""),
            html.indexOf("<img"), html.indexOf("id=\"cells\""), html.indexOf("id=\"engines\""),
            html.indexOf("id=\"environment\""), html.indexOf("id=\"datasets\""), html.indexOf("id=\"files\"")};
        for (int i = 0; i < at.length; i++) {
            assertTrue(at[i] >= 0, "section " + i + " missing");
            assertTrue(i == 0 || at[i] > at[i - 1], "section " + i + " out of order");
        }
        assertTrue(html.contains("@media print"));
        assertFalse(html.contains("<script"), "the report needs no JavaScript");
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
        // one throughput and one latency chart for the task that has them; none for the quality-only task
        assertEquals(2, alts.size(), alts.toString());
        assertTrue(alts.get(0).contains("inference throughput") && alts.get(0).contains("12,346 \u00b1 234.5"));
        assertTrue(alts.get(1).contains("latency") && alts.get(1).contains("p99 99.75"));
        String noThroughput = html.substring(html.indexOf("id=\"task-tiny-mlp\""), html.indexOf("id=\"cells\""));
        assertFalse(noThroughput.contains("<img"));
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
        assertTrue(html.contains("<th scope=\"row\">" + escaped + "</th>"), "engine name in the task table");
        assertTrue(html.contains("<td>" + escaped + "</td>"), "reason in the cells table");
        assertTrue(html.contains("alt=\"Bar chart of inference throughput"));
        Matcher m = IMG.matcher(html);
        assertTrue(m.find());
        assertTrue(m.group(2).contains(escaped), "chart alt text is escaped too");
    }

    @Test
    void failedSkippedAndUnsupportedCellsAreListedWithReasons() throws IOException {
        String html = render(TestFixtures.run());
        String cells = html.substring(html.indexOf("id=\"cells\""), html.indexOf("id=\"engines\""));
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
        assertTrue(html.contains("No inference throughput was measured for this task."));
        assertTrue(html.contains("\u2014 (failed: " + TestFixtures.DL4J_REASON + ")"));
        assertTrue(html.contains("\u2014 (failed: fixture: PyTorch native library missing)"));
        assertTrue(html.contains("<td>all tasks</td><td>djl</td>"));
        assertTrue(html.contains("No engine was opened."));
        assertFalse(html.contains("<img"));
        List<List<String>> csv = CsvParser.parse(Files.readString(dir.resolve("report/results.csv")));
        assertEquals(List.of(ResultsCsv.HEADER), csv);
    }

    @Test
    void aClearWinnerIsRankedWithItsFactor() throws IOException {
        String html = render(TestFixtures.run());
        assertTrue(html.contains("<li>Tribuo has the highest inference throughput (cpu, batch 64, threads 1): "
                + "12,346 \u00b1 234.5 samples/s, 2.00\u00d7 that of the next, Deep Java Library (6,173 \u00b1 "
                + "100.0 samples/s); the 99.9% confidence intervals do not overlap.</li>"), html);
        assertTrue(html.contains("<li>Test accuracy: Tribuo 96.67 % (95.00 % target met); Deep Java Library "
                + "93.33 % (below the 95.00 % target); Deeplearning4j not measured.</li>"));
        assertFalse(html.contains("No significant difference"));
    }

    @Test
    void overlappingIntervalsAreNotRanked() throws IOException {
        // 1000 ± 30 and 960 ± 15: [970, 1030] and [945, 975] overlap
        String html = render(TestFixtures.run("Deep Java Library", 960, 15, 1000, 30));
        assertTrue(html.contains("No significant difference in inference throughput (cpu, batch 64, threads 1)"
                + " between Deep Java Library (1,000 \u00b1 30.00 samples/s) and Tribuo (960.0 \u00b1 15.00"
                + " samples/s): their 99.9% confidence intervals overlap."), html);
        assertFalse(html.contains("has the highest inference throughput"));
    }

    @Test
    void severalBatchSizesAndAMissingJmhFigureAreShown() throws IOException {
        RunResults base = TestFixtures.run();
        Measurement batch1 = new Measurement(TestFixtures.TASK, "tribuo", "cpu",
                Names.SCENARIO_INFERENCE_THROUGHPUT, Map.of(Names.PARAM_BATCH_SIZE, "1", Names.PARAM_THREADS, "1"),
                Names.METRIC_THROUGHPUT, 800.25, Names.UNIT_SAMPLES_PER_SECOND, Double.NaN, 1L, null, null,
                0.9667, false, TestFixtures.stamp());
        Measurement twoThreads = new Measurement(TestFixtures.TASK, "tribuo", "cpu",
                Names.SCENARIO_INFERENCE_LATENCY, Map.of(Names.PARAM_BATCH_SIZE, "1", Names.PARAM_THREADS, "2"),
                Names.METRIC_LATENCY, 9.0, Names.UNIT_MICROS, null, 100L, Map.of("p50", 8.0, "p99", 30.0), null,
                null, null, TestFixtures.stamp());
        RunResults results = base.plus(List.of(batch1, twoThreads), List.of(new CellStatus(TestFixtures.TASK_NO_THROUGHPUT,
                "tribuo", "cpu", Names.STAGE_JMH, CellStatus.Status.FAILED, "fixture: JMH fork crashed")));
        String html = render(results);

        assertTrue(html.contains("<td class=\"num\">800.3 samples/s (batch 1, threads 1); model below quality "
                + "target<br>12,346 \u00b1 234.5 samples/s (batch 64, threads 1)</td>"), html);
        assertTrue(html.contains("Only Tribuo has an inference throughput figure (cpu, batch 1, threads 1): "
                + "800.3 samples/s."));
        assertTrue(html.contains("<td class=\"missing\">\u2014 (failed: fixture: JMH fork crashed)</td>"));
        Matcher m = IMG.matcher(html);
        assertTrue(m.find());
        assertTrue(m.group(2).contains("Tribuo, batch 1: 800.3; Tribuo, batch 64: 12,346"), m.group(2));
        assertNotNull(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
        // latency measured with 1 and 2 threads: labels name the threads, and the missing p90 is a gap
        assertTrue(html.contains("12.35 / 15.00 / 40.12 us (threads 1)<br>8.000 / \u2014 / 30.00 us (threads 2)"));
        assertTrue(m.find());
        assertTrue(m.group(2).contains("Tribuo, threads 2: p50 8.000, p90 \u2014, p99 30.00"), m.group(2));
        assertNotNull(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
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
        RunResults results = base.plus(List.of(new Measurement(TestFixtures.TASK,
                "dl4j", "cpu", Names.SCENARIO_QUALITY, Map.of("note", awkward), Names.METRIC_ACCURACY,
                0.5, Names.UNIT_FRACTION, null, null, null, null, null, null, null)), List.of());
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
