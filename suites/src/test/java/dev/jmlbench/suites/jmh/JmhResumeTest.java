package dev.jmlbench.suites.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.suites.harness.Preset;
import dev.jmlbench.suites.harness.QualityRun;
import dev.jmlbench.suites.harness.RunSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resumed JMH stage keeps the tasks an earlier run timed on every engine, byte for byte, and times the task it
 * was stopped in anew on every engine (real JMH forks, smoke preset).
 */
class JmhResumeTest {

    @Test
    void aResumedStageKeepsTheTimedTasksAndTimesTheInterruptedOneAnew(@TempDir Path out) throws Exception {
        RunSettings settings = new RunSettings(out, List.of("iris-logreg", "wine-logreg"), List.of("reference"), 1,
                Preset.SMOKE, Path.of("target", "native-cache").toAbsolutePath());
        new QualityRun(settings, System.err, QualityRun.Isolation.NONE, Duration.ofMinutes(5), false).run();
        assertEquals(List.of(), new JmhStage(settings, System.err, false, false).run());
        Path parts = out.resolve("jmh-parts");
        assertTrue(Files.isRegularFile(parts.resolve("iris-logreg.done")) && Files.isRegularFile(
                parts.resolve("wine-logreg.done")), "a marker after each task's last engine");
        Map<String, byte[]> iris = files(parts, "iris-logreg__");
        Map<String, byte[]> irisChecks = files(settings.jmhCheckDir(), "iris-logreg__");
        assertFalse(iris.isEmpty() || irisChecks.isEmpty(), "iris-logreg was timed and checked");
        int records = ResultsJson.mapper().readTree(settings.jmhFile().toFile()).size();

        // stopped while timing wine-logreg: no marker, a part cut short
        Files.delete(parts.resolve("wine-logreg.done"));
        Path winePart = parts.resolve("wine-logreg__reference.json");
        Files.writeString(winePart, "[ {\"benchmark\" : ");

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Boolean> earlierResultWhileTiming = new ArrayList<>();
        PrintStream watchingLog = new PrintStream(log, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                if (line.contains(": running")) {
                    earlierResultWhileTiming.add(Files.exists(settings.jmhFile()));
                }
                super.println(line);
            }
        };
        List<String> failed = new JmhStage(settings, watchingLog, false, true).run();
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(), failed, text);
        assertEquals(List.of(false), earlierResultWhileTiming, "the earlier stage's jmh.json is gone while the resumed"
                + " stage times (a stage stopped now must not leave it to be merged with the new fork checks)");

        assertTrue(text.contains("iris-logreg: kept from the earlier run"), text);
        assertFalse(text.contains("iris-logreg on reference: running"), "iris-logreg was timed again:\n" + text);
        assertTrue(text.contains("wine-logreg on reference: running"), text);
        assertEquals(iris.keySet(), files(parts, "iris-logreg__").keySet());
        for (var e : iris.entrySet()) {
            assertArrayEquals(e.getValue(), files(parts, "iris-logreg__").get(e.getKey()), e.getKey() + " unchanged");
        }
        assertEquals(irisChecks.keySet(), files(settings.jmhCheckDir(), "iris-logreg__").keySet(),
                "the kept task's fork checks are kept");
        JsonNode wine = ResultsJson.mapper().readTree(winePart.toFile());
        assertTrue(wine.isArray() && wine.size() > 0, "wine-logreg timed anew: " + wine);
        assertTrue(Files.isRegularFile(parts.resolve("wine-logreg.done")));
        assertEquals(records, ResultsJson.mapper().readTree(settings.jmhFile().toFile()).size(),
                "jmh.json holds the kept and the new records, each once");
    }

    private static Map<String, byte[]> files(Path dir, String prefix) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        List<Path> list = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(list::add);
        }
        for (Path p : list) {
            out.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
        return out;
    }
}
