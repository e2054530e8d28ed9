package dev.jmlbench.reports;

import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every chart type from a fixture that has every kind of figure. */
class RichReportTest {
    @TempDir
    static Path dir;

    /** The rich fixture's report, rendered once for all tests here (charts take a while on two cores). */
    private static String rich;

    @BeforeAll
    static void renderOnce() throws IOException {
        rich = render(TestFixtures.rich());
    }

    private static String render(RunResults results) throws IOException {
        Path index = ReportGenerator.write(results, dir.resolve("results.json"), dir.resolve("report"));
        String html = Files.readString(index, StandardCharsets.UTF_8);
        String keep = System.getenv("REPORT_CHECK_DIR");
        if (keep != null) {
            // for people to look at the charts: the report and each chart as a PNG file
            Path out = Path.of(keep);
            Files.createDirectories(out);
            Files.writeString(out.resolve("index.html"), html);
            List<HtmlChecks.Image> images = HtmlChecks.check(html);
            for (int i = 0; i < images.size(); i++) {
                ImageIO.write(images.get(i).image(), "png", out.resolve(String.format("c%02d.png", i)).toFile());
            }
        }
        return html;
    }

    @Test
    void eachTaskSectionHasItsCharts() throws IOException {
        String html = rich;
        HtmlChecks.check(html);
        List<String> cnn = alts(HtmlChecks.section(html, "task-" + TestFixtures.CNN));
        // the dot chart of throughput is drawn only where no engine has a line across batch sizes
        assertEquals(5, cnn.size(), cnn.toString());
        TaskView cnnView = TaskView.of(TestFixtures.rich()).stream().filter(t -> t.taskId.equals(TestFixtures.CNN))
                .findFirst().orElseThrow();
        String dots = Charts.throughput(cnnView).orElseThrow().alt();
        assertTrue(dots.startsWith("Dot chart of inference throughput (samples/s, error bars: 95% confidence"
                + " interval of the mean over the measurement iterations) for task lenet5-digits: reference, batch 1:"
                + " 3,000 \u00b1 58.90 (95% CI); DJL (PyTorch), batch 1: 6,000 \u00b1 117.8 (95% CI)"), dots);
        cnn = new java.util.ArrayList<>(cnn);
        cnn.add(0, dots);
        assertTrue(cnn.get(1).startsWith("Line chart of inference throughput (samples/s) against batch size"));
        assertTrue(cnn.get(2).contains("latency percentiles") && cnn.get(2).contains("DJL (PyTorch): p50 66.67, p90 80.00,"
                + " p99 133.3, p99.9 \u2014"), cnn.get(2));
        assertTrue(cnn.get(3).startsWith("Line chart of test accuracy per epoch for task lenet5-digits: reference seed 1:"
                + " 5 epochs, first 80.20 %, last 97.20 %"), cnn.get(3));
        assertTrue(cnn.get(4).startsWith("Line chart of training loss per epoch for task lenet5-digits (logarithmic"
                + " axis)"), cnn.get(4));
        // no chart of cumulative elapsed time per epoch: the tables give the training time
        assertTrue(cnn.stream().noneMatch(a -> a.startsWith("Line chart of elapsed training time")), cnn.toString());
        assertTrue(cnn.get(5).equals("Bar chart of the training time until the test metric first reached accuracy"
                + " \u2265 95.00 % for task lenet5-digits: reference 1.500 s. Never reached: DJL (PyTorch)."), cnn.get(5));

        String forest = HtmlChecks.section(html, "task-" + TestFixtures.FOREST);
        List<String> fa = alts(forest);
        assertTrue(fa.stream().anyMatch(a -> a.startsWith("Log-log line chart of train-time against the number of"
                + " training rows") && a.contains("reference: b = 1.30 \u00b1 0.02 (100 rows 0.03981 s")), fa.toString());
        assertTrue(fa.stream().anyMatch(a -> a.startsWith("Log-log line chart of peak-heap")), fa.toString());
        assertTrue(forest.contains("<td>reference</td><td>cpu</td><td>train-time</td><td>1.30 \u00b1 0.02</td>"), forest);
        assertTrue(forest.contains("learner: random forest (trees=50, maxDepth=16, minSamplesLeaf=1,"
                + " featureFraction=0.125, seed=7)"));
        assertTrue(forest.contains("<details class=\"provenance\"><summary>Model provenance (1 model)</summary>"
                + "<h4>Tribuo</h4>"), forest);
        assertTrue(forest.contains("<dt>trainer</dt><dd>org.tribuo.classification.dtree.CARTClassificationTrainer</dd>"));
        // the forest's significance tests, collapsed
        assertTrue(forest.contains("<summary>Engine comparisons (12 pairs)</summary>"), forest);

        String longSection = HtmlChecks.section(html, "task-" + TestFixtures.LONG);
        List<String> longSeq = alts(longSection);
        assertEquals(3, longSeq.size(), longSeq.toString());
        assertTrue(longSeq.get(0).startsWith("Line chart of accuracy against sequence length per recurrent cell for"
                + " task adding-problem: simple-rnn: length 10 80.33 %"), longSeq.get(0));
        // time per step, one line per engine and cell
        assertTrue(longSeq.get(1).startsWith("Line chart of the time per training step (milliseconds) against"
                + " sequence length per recurrent cell and engine for task adding-problem: simple-rnn (djl): length 10"
                + " 2.010 ms, length 100 2.100 ms;"), longSeq.get(1));
        assertTrue(longSeq.get(1).contains("lstm (reference): length 10 0.4000 ms, length 100 4.000 ms"),
                longSeq.get(1));
        // its table: the reference's time is linear in the length (b = 1), DJL's mostly a fixed cost (b near 0)
        assertTrue(longSection.contains("<th scope=\"col\">Length 10</th><th scope=\"col\">Length 100</th>"
                + "<th scope=\"col\">Exponent b</th>"), longSection);
        assertTrue(longSection.contains("<td>reference</td><td>lstm</td><td>0.4000 ms</td><td>4.000 ms</td>"
                + "<td>1.00</td>"), longSection);
        assertTrue(longSection.contains("<td>lstm</td><td>2.040 ms</td><td>2.400 ms</td><td>0.07</td>"), longSection);
        // 0.9^199 at the first step of 200
        assertTrue(longSeq.get(2).contains("simple-rnn, length 200: 200 steps, from 7.84e-10 at step 1 to 1.000 at"
                + " the last"), longSeq.get(2));
        assertTrue(longSeq.get(2).contains("(logarithmic axis)"));
    }

    private static List<String> alts(String fragment) throws IOException {
        // a section of a checked document: its images only
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<img[^>]*alt=\"([^\"]+)\"").matcher(fragment);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> unescape(m.group(1))));
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    @Test
    void qualityIsShownInTheTasksOwnMetric() throws IOException {
        String html = rich;
        String regression = HtmlChecks.section(html, "task-" + TestFixtures.REGRESSION);
        assertTrue(regression.contains("quality target: test R\u00b2 \u2265 0.3500"), regression);
        assertTrue(regression.contains("<th scope=\"col\">Test R\u00b2</th>"));
        assertTrue(regression.contains("<td class=\"num\">R\u00b2 0.4500 (target R\u00b2 \u2265 0.3500 met)</td>"));
        String lm = HtmlChecks.section(html, "task-" + TestFixtures.CHARLM);
        assertTrue(lm.contains("quality target: test bits per character \u2264 3.900 bits/char"), lm);
        assertTrue(lm.contains("<td class=\"num\">2.400 bits/char (target bits per character \u2264 3.900 bits/char"
                + " met)</td>"), lm);
        assertFalse(html.contains("accuracy of at least"), "no percent target for non-accuracy tasks");
    }

    @Test
    void paretoFrontOfTheDigits() throws IOException {
        String html = rich;
        String section = HtmlChecks.section(html, "quality-latency");
        // optimal: no other point has at least the accuracy at no more latency
        for (String[] row : List.of(new String[] {"lenet5-digits", "DJL (PyTorch)", "yes"},
                new String[] {"lenet5-digits", "reference", "yes"}, new String[] {"digits-mlp", "DJL (PyTorch)", "yes"},
                new String[] {"digits-mlp", "reference", "yes"}, new String[] {"digits-mlp", "Tribuo", "no"},
                new String[] {"digits-random-forest", "DJL (PyTorch)", "no"})) {
            assertTrue(java.util.regex.Pattern.compile("<th scope=\"row\">" + row[0] + "</th><td>"
                    + java.util.regex.Pattern.quote(row[1]) + "</td><td[^>]*>[^<]*</td><td[^>]*>[^<]*</td><td>" + row[2]
                    + "</td>").matcher(section).find(), String.join(" ", row));
        }
        List<String> alts = alts(section);
        assertEquals(1, alts.size());
        assertTrue(alts.get(0).contains("digits-mlp on djl: 96.00 % at 18.33 us (Pareto-optimal)"), alts.get(0));
        assertTrue(alts.get(0).contains("digits-random-forest on djl: 95.50 % at 18.33 us;"), alts.get(0));
    }

    @Test
    void classicLearnersAgainstNetworksOnTheDigits() throws IOException {
        String html = rich;
        String section = HtmlChecks.section(html, "classic-vs-dl");
        assertTrue(section.contains("<h3>Dataset digits</h3>"));
        assertTrue(section.contains("<th scope=\"row\">random forest</th><td>digits-random-forest</td><td>classic</td>"
                + "<td>tribuo</td><td class=\"num\">96.00 %</td><td class=\"num\">95.60 %</td>"
                + "<td class=\"num\">2.800 s</td><td class=\"num\">122.2 us</td><td class=\"num\">12,000</td>"),
                section);
        assertTrue(section.contains("<th scope=\"row\">network</th><td>lenet5-digits</td><td>network</td>"));
        // from the dl-vs-classic block: no latency or size recorded
        assertTrue(section.contains("<th scope=\"row\">logistic regression (LIBLINEAR)</th><td>digits-liblinear</td>"
                + "<td>\u2014</td><td>tribuo</td><td class=\"num\">95.50 %</td><td class=\"num\">95.50 %</td>"
                + "<td class=\"num\">0.3000 s</td><td class=\"missing\">\u2014</td>"), section);
        List<String> alts = alts(section);
        assertEquals(1, alts.size());
        assertTrue(alts.get(0).contains("logistic regression (LIBLINEAR) on tribuo: 95.50 % after 0.3000 s"));
        // the block's figures do not make a task section of their own
        assertFalse(html.contains("id=\"task-digits-liblinear\""));
    }

    @Test
    void gflopsAsShareOfTheRecordedPeakOrAbsoluteWithoutIt() throws IOException {
        String html = rich;
        String section = HtmlChecks.section(html, "efficiency");
        assertTrue(section.contains("Peak for inference: the FMA peak measured with 1 thread(s), 50.00 GFLOP/s."));
        List<String> alts = alts(section);
        assertEquals(1, alts.size());
        // djl on digits-mlp at batch 32: 339,411 samples/s x 2e-5 = 6.788 GFLOP/s = 13.58% of 50
        assertTrue(alts.get(0).contains("digits-mlp on djl: 6.788 GFLOP/s (13.58% of peak) at batch 32"), alts.get(0));

        RunResults rich = TestFixtures.rich();
        RunResults noPeak = new RunResults(rich.schemaVersion(), rich.runId(), rich.environment(), rich.engines(),
                rich.tasks(), rich.datasets(), rich.measurements().stream()
                .filter(m -> !Calibration.SCENARIO.equals(m.scenario())).toList(), rich.cells(), rich.provenance());
        String without = HtmlChecks.section(render(noPeak), "efficiency");
        assertTrue(without.contains("The machine&#39;s peak is not in these results (no measurement of scenario"
                + " &#39;calibration&#39; with metric &#39;fma-peak-gflops&#39; or &#39;sgemm-gflops&#39; for 1"
                + " thread(s))"), without);
        assertTrue(alts(without).get(0).contains("(the machine's peak is not recorded)"));
    }
}
