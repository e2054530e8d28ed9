package dev.jmlbench.ci.regression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jmlbench.ci.Fixtures;
import dev.jmlbench.ci.RegressionGate;
import dev.jmlbench.ci.history.HistoryStore;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole comparison through files: history, baseline, confirmation, verdict JSON, table and report. */
class RegressionGateTest {

    private static String commit(int i) {
        return String.format("%02dc0ffee", i) + "0".repeat(32);
    }

    /** Twelve nights of simulated runs; from night 4 on, DJL is 30% slower. */
    private static NoiseModel history(Path file, Random rnd) throws Exception {
        NoiseModel model = new NoiseModel(Fixtures.quickRun(), 0.03, 0.03);
        HistoryStore store = new HistoryStore(file);
        for (int night = 0; night < 12; night++) {
            store.append(model.run(rnd, night >= 4 ? Map.of("djl", 1.3) : Map.of(), commit(night)));
        }
        return model;
    }

    @Test
    void aSlowerEngineFailsTheGateWithATableAVerdictAndATrendChart(@TempDir Path dir) throws Exception {
        Random rnd = new Random(42);
        Path historyFile = dir.resolve("history.jsonl");
        NoiseModel model = history(historyFile, rnd);
        // tonight: tribuo got 30% slower too; compared with the rolling median of the last 10 nights
        Path results = dir.resolve("results.json");
        ResultsJson.write(results, model.run(rnd, Map.of("djl", 1.3, "tribuo", 1.3), commit(12)));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RegressionGate.Options options = new RegressionGate.Options(results, List.of(), historyFile, 10,
                Thresholds.defaults(), true, true, dir.resolve("verdict.json"), dir.resolve("report"), false);
        RegressionGate.Outcome out = RegressionGate.run(options,
                keys -> model.run(rnd, Map.of("djl", 1.3, "tribuo", 1.3)).measurements(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        String text = log.toString(StandardCharsets.UTF_8);

        assertFalse(out.verdict().passed(), text);
        assertEquals(1, out.verdict().exitCode());
        assertTrue(out.comparison().rows().stream().filter(Row::failing)
                .allMatch(r -> r.key().engine().equals("tribuo")), "djl's step is in the rolling median already:\n" + text);
        assertTrue(text.contains("REGRESSION") && text.contains("confirmed ("), text);
        assertTrue(text.contains("recorded run"), text);

        JsonNode verdict = ResultsJson.mapper().readTree(dir.resolve("verdict.json").toFile());
        assertFalse(verdict.get("passed").asBoolean());
        assertTrue(verdict.get("rows").size() >= 40);
        boolean tribuoFails = false;
        for (JsonNode row : verdict.get("rows")) {
            if (row.get("failing").asBoolean()) {
                tribuoFails |= row.get("engine").asText().equals("tribuo")
                        && row.get("confirmation").asText().equals("CONFIRMED");
            }
        }
        assertTrue(tribuoFails, verdict.toPrettyString());

        // the history: djl stepped at night 4, found and named by its commit
        assertTrue(out.trends().steps().stream().anyMatch(s -> s.key().engine().equals("djl")
                && s.key().metric().equals("throughput") && s.toCommit().equals(commit(4).substring(0, 10))
                && s.kind().equals("regression")), out.trends().steps().toString());
        assertTrue(out.trends().steps().stream().noneMatch(s -> s.key().engine().equals("reference")
                && s.kind().equals("regression")), out.trends().steps().toString());
        assertEquals(13, out.trends().commits().size());

        String html = Files.readString(dir.resolve("report/index.html"));
        assertTrue(html.contains("Regressions and history"));
        assertTrue(html.contains("Line chart of iris-logreg inference-throughput throughput"), "trend chart");
        assertTrue(html.contains("steps before commit(s) " + commit(4).substring(0, 10)), "step marked in chart");
        assertTrue(html.contains("data:image/png;base64,"));
        assertEquals(13, Files.readAllLines(historyFile).size(), "tonight's run was appended");
    }

    @Test
    void theSameCodeAgainstItsOwnHistoryPassesAndRecordsOnce(@TempDir Path dir) throws Exception {
        Random rnd = new Random(8);
        NoiseModel model = new NoiseModel(Fixtures.quickRun(), 0.03, 0.03);
        HistoryStore store = new HistoryStore(dir.resolve("h.jsonl"));
        for (int night = 0; night < 10; night++) {
            store.append(model.run(rnd, Map.of(), commit(night)));
        }
        Path results = dir.resolve("results.json");
        RunResults tonight = model.run(rnd, Map.of(), commit(10));
        ResultsJson.write(results, tonight);
        RegressionGate.Options options = new RegressionGate.Options(results, List.of(), store.file(), 10,
                Thresholds.defaults(), true, true, null, null, true);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        RegressionGate.Outcome first = RegressionGate.run(options, keys -> model.run(rnd, Map.of()).measurements(),
                quiet);
        assertTrue(first.verdict().passed(), first.verdict().summary());
        RegressionGate.Outcome again = RegressionGate.run(options, keys -> model.run(rnd, Map.of()).measurements(),
                quiet);
        assertTrue(again.verdict().passed());
        assertEquals(11, store.read().size(), "a run is recorded once and never its own baseline");
        assertTrue(again.comparison().baseline().contains("last 10 run(s)"), again.comparison().baseline());
    }

    @Test
    void withoutBaselineOrHistoryOnlyTheHardChecksRun(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.json");
        ResultsJson.write(results, Fixtures.quickRun());
        RegressionGate.Options options = new RegressionGate.Options(results, List.of(), null, 10,
                Thresholds.defaults(), false, false, null, null, false);
        RegressionGate.Outcome out = RegressionGate.run(options, keys -> List.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertTrue(out.verdict().passed());
        assertTrue(out.comparison().baseline().startsWith("none:"), out.comparison().baseline());
        assertTrue(out.comparison().rows().stream().allMatch(r -> r.status() == Row.Status.NEW));
    }
}
