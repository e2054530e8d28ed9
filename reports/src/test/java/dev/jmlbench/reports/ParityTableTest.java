package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

/** The parity section shows one row per (task, engine) with the first divergent layer, escaped, or nothing. */
class ParityTableTest {
    @TempDir
    Path dir;

    private static Measurement parity(String engine, String metric, double value, String firstDivergence,
                                      String layer, String kind) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(ParityTable.PARAM_FIRST_DIVERGENCE, firstDivergence);
        params.put(ParityTable.PARAM_ALLOWANCE, "7.0e-05");
        params.put(ParityTable.PARAM_COMPARISON, "layer by layer");
        params.put(ParityTable.PARAM_EXAMPLES, "32");
        if (layer != null) {
            params.put(ParityTable.PARAM_LAYER, layer);
            params.put(ParityTable.PARAM_KIND, kind);
        }
        return Measurement.of(TestFixtures.TASK, engine, ParityTable.SCENARIO, metric).params(params)
                .value(value, ParityTable.UNIT_PROBABILITY).samples(32).dataset(TestFixtures.stamp()).build();
    }

    private String render(RunResults r) throws Exception {
        Path index = ReportGenerator.write(r, dir.resolve("results.json"), dir.resolve("report"));
        return Files.readString(index, StandardCharsets.UTF_8);
    }

    @Test
    void rowsPerTaskAndEngineWithTheFirstDivergentLayerAndTheWorstLayerOfEachKind() throws Exception {
        RunResults base = TestFixtures.run();
        List<Measurement> ms = new ArrayList<>(List.of(
                parity("djl", ParityTable.METRIC_MAX_ABS, 2.24e-8, ParityTable.NONE, null, null),
                parity("djl", ParityTable.METRIC_MAX_REL, 1.77e-7, ParityTable.NONE, null, null),
                parity("djl", ParityTable.METRIC_LAYER_MAX_ABS, 2.0e-7, ParityTable.NONE, "0", "Conv2D"),
                parity("djl", ParityTable.METRIC_LAYER_MAX_ABS, 3.0e-7, ParityTable.NONE, "2", "Conv2D"),
                parity("djl", ParityTable.METRIC_LAYER_MAX_ABS, 1.0e-7, ParityTable.NONE, "5", "Dense"),
                parity("dl4j", ParityTable.METRIC_MAX_ABS, 0.25, "layer 2 (" + TestFixtures.HOSTILE + ")", null,
                        null)));
        RunResults r = base.plus(ms, List.of());
        List<ParityTable.Row> rows = ParityTable.rows(r);
        assertEquals(2, rows.size());
        assertEquals(Map.of("Conv2D", 3.0e-7, "Dense", 1.0e-7), rows.get(0).byKind());
        assertEquals(null, rows.get(1).maxRel());

        String html = render(r);
        assertTrue(html.contains("Parity with the reference engine"), "section heading");
        assertTrue(html.contains("2.24e-08") && html.contains("1.77e-07"), "abs and rel figures");
        assertTrue(html.contains("Conv2D 3.00e-07, Dense 1.00e-07"), "worst layer per kind");
        assertTrue(html.contains("layer 2 (&lt;script&gt;"), "first divergence shown, escaped");
        assertFalse(html.contains("<script>alert"), "nothing unescaped");
    }

    @Test
    void noSectionWithoutParityFigures() throws Exception {
        assertFalse(render(TestFixtures.run()).contains("Parity with the reference engine"));
    }
}
