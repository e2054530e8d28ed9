package dev.jmlbench.reports;

import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Regressions and history" section: table, trend charts, steps, all escaped. Values are made up. */
class RegressionReportTest {

    private static RegressionSection section(String cell) {
        Map<String, List<Double>> series = new LinkedHashMap<>();
        series.put("djl (cpu)", Arrays.asList(480_000.0, 490_000.0, null, 370_000.0, 372_000.0));
        series.put("reference (cpu)", List.of(6_900_000.0, 6_850_000.0, 6_950_000.0, 6_880_000.0, 6_910_000.0));
        RegressionSection.Trend trend = new RegressionSection.Trend("iris-logreg inference-throughput throughput",
                "samples/s", List.of("c1", "c2", "c3", "c4", "c5"), series, List.of(3));
        return new RegressionSection("FAILED: 1 regression(s)", true, "rolling median of 4 runs",
                List.of("tribuo: below the quality target"), List.of("a note"),
                List.of(new RegressionSection.Row(cell, "REGRESSION", "480,000 samples/s", "370,000 samples/s",
                        "-22.9%", "-15%", "Mann-Whitney U, p = 0.004", "confirmed", true)),
                List.of(trend), List.of(new RegressionSection.Step(cell, "c3", "c4", "485,000 samples/s",
                        "371,000 samples/s", "-23.5%", "regression")));
    }

    @Test
    void theSectionShowsTheTableTheTrendAndTheStepsEscaped() {
        HtmlWriter h = new HtmlWriter();
        h.open("body");
        RegressionReport.write(h, section(TestFixtures.HOSTILE), EnginePalette.of(java.util.List.of("tribuo")));
        String html = h.close().finish();
        assertTrue(html.contains("<h2>Regressions and history</h2>"));
        assertTrue(html.contains("FAILED: 1 regression(s)"));
        assertTrue(html.contains("tribuo: below the quality target"));
        assertFalse(html.contains("<script>"), "cell names are escaped");
        assertTrue(html.contains("&lt;script&gt;"));
        assertEquals(1, html.split("data:image/png;base64,", -1).length - 1, "one trend chart");
        assertTrue(html.contains("steps before commit(s) c4"), "the chart's alt text names the step");
        assertTrue(html.contains("djl (cpu): c1 480,000, c2 490,000, c4 370,000"), "a missing point is skipped");
        assertTrue(html.contains("<td>regression</td>"));
    }

    @Test
    void aTrendWithoutValuesDrawsNoChart() {
        RegressionSection.Trend empty = new RegressionSection.Trend("t", "us", List.of("a", "b"),
                Map.of("x", Arrays.asList(null, null)), List.of());
        assertTrue(TrendCharts.chart(empty).isEmpty());
    }

    @Test
    void theReportCarriesTheSectionOnlyWhenGiven(@TempDir Path dir) throws Exception {
        RunResults results = TestFixtures.run();
        Path plain = ReportGenerator.write(results, dir.resolve("results.json"), dir.resolve("plain"));
        assertFalse(Files.readString(plain).contains("Regressions and history"));
        Path with = ReportGenerator.write(results, dir.resolve("results.json"), dir.resolve("with"),
                section("iris-logreg/djl"));
        String html = Files.readString(with);
        assertTrue(html.indexOf("id=\"regressions\"") > html.indexOf("id=\"summary\""),
                "the section follows the summary");
        assertTrue(html.indexOf("id=\"regressions\"") < html.indexOf("id=\"family-classic\""),
                "and comes before the task families");
    }
}
