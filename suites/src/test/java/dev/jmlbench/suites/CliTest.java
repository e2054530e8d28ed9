package dev.jmlbench.suites;

import dev.jmlbench.suites.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    @Test
    void everySubcommandAnswersHelpAndTheTopCommandItsVersion() {
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream picocliWarnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(picocliWarnings, true, StandardCharsets.UTF_8));
        try {
            for (String sub : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
                CliRun o = CliRun.of(sub, "--help");
                assertEquals(0, o.code(), sub + ": " + o.err());
                assertTrue(o.out().startsWith("Usage: jmlbench " + sub), sub + ": " + o.out());
            }
        } finally {
            System.setErr(stderr);
        }
        // picocli reports a description it cannot format (a bare % sign) on System.err and prints it raw
        assertEquals("", picocliWarnings.toString(StandardCharsets.UTF_8).strip());
        CliRun v = CliRun.of("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("jmlbench "), v.out());
    }

    @Test
    void listShowsTasksAndEveryEngineOnTheClassPath() {
        CliRun o = CliRun.of("list");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("iris-logreg"), o.out());
        // a lower-is-better target reads as a ceiling, not as a floor
        assertTrue(o.out().contains("rmse <= "), o.out());
        assertTrue(o.out().contains("accuracy >= "), o.out());
        for (String engine : dev.jmlbench.core.engine.Engines.ids()) {
            assertTrue(o.out().contains(engine), engine + " missing from: " + o.out());
        }
    }

    /** The harness names no engine: the parity reference is the one engine whose provider says it is. */
    @Test
    void exactlyOneEngineOnTheClassPathIsTheParityReference() {
        var refs = dev.jmlbench.core.engine.Engines.discover().stream()
                .filter(dev.jmlbench.core.engine.EngineProvider::isParityReference).toList();
        assertEquals(1, refs.size(), "parity references: " + refs);
        assertEquals(refs.get(0).id(), dev.jmlbench.core.engine.Engines.parityReference().id());
        assertEquals("dev.jmlbench.reference", refs.get(0).getClass().getPackageName(),
                "the pure-Java engine is the reference");
    }

    @Test
    void unknownEngineIsAUsageErrorListingTheKnownOnes(@TempDir Path dir) {
        CliRun o = CliRun.of("run", "--out", dir.toString(), "--engines", "tensorflow", "--stage", "quality");
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains("unknown engine 'tensorflow'; known engines: djl, dl4j, reference, tribuo"),
                o.err());
    }

    @Test
    void unknownTaskIsAUsageErrorListingTheKnownOnes(@TempDir Path dir) {
        CliRun o = CliRun.of("run", "--out", dir.toString(), "--tasks", "imagenet", "--stage", "quality");
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains("unknown task 'imagenet'; known tasks: iris-logreg, wine-logreg"), o.err());
    }

    @Test
    void unknownPresetIsAUsageError(@TempDir Path dir) {
        CliRun o = CliRun.of("run", "--out", dir.toString(), "--preset", "huge");
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains("unknown preset 'huge'; known presets: smoke, quick, full"), o.err());
    }

    @Test
    void gateOnATruncatedResultsFileNamesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.json");
        Files.writeString(file, "{\"schemaVersion\": 1, \"runId\": \"x\", \"environ");
        CliRun o = CliRun.of("gate", "--results", file.toString());
        assertEquals(Main.FAILED, o.code());
        assertTrue(o.err().contains("malformed results file " + file), o.err());
    }

    @Test
    void reportOnAMissingFieldNamesTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.json");
        Files.writeString(file, "{\"schemaVersion\": 1, \"runId\": \"x\"}");
        CliRun o = CliRun.of("report", "--results", file.toString());
        assertEquals(Main.FAILED, o.code());
        assertTrue(o.err().contains("field 'environment': missing"), o.err());
    }

    private static Path results(Path dir, String name, double... throughputs) throws Exception {
        java.util.List<Double> raw = java.util.Arrays.stream(throughputs).boxed().toList();
        double mean = raw.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        var m = dev.jmlbench.core.results.Measurement.of("iris-logreg", "reference",
                        dev.jmlbench.core.results.Names.SCENARIO_INFERENCE_THROUGHPUT,
                        dev.jmlbench.core.results.Names.METRIC_THROUGHPUT)
                .param(dev.jmlbench.core.results.Names.PARAM_BATCH_SIZE, "32")
                .value(mean, dev.jmlbench.core.results.Names.UNIT_SAMPLES_PER_SECOND).samples(raw.size())
                .rawScores(raw).quality(0.97, true).build();
        var r = new dev.jmlbench.core.results.RunResults(dev.jmlbench.core.results.RunResults.SCHEMA_VERSION, name,
                dev.jmlbench.core.env.EnvironmentProbe.capture(1, dir), java.util.List.of(),
                java.util.List.of(dev.jmlbench.core.task.TaskCatalogue.builtIn().get("iris-logreg")),
                java.util.List.of(), java.util.List.of(m), java.util.List.of());
        Path file = dir.resolve(name + ".json");
        dev.jmlbench.core.results.ResultsJson.write(file, r);
        return file;
    }

    @Test
    void compareOfTwoRunsWritesADiffReport(@TempDir Path dir) throws Exception {
        Path a = results(dir, "a", 1000, 1010, 990, 1005, 995);
        Path b = results(dir, "b", 800, 810, 790, 805, 795);
        CliRun o = CliRun.of("compare", a.toString(), b.toString(), "--diff-dir", dir.resolve("diff").toString());
        assertEquals(0, o.code(), o.err());
        String html = Files.readString(dir.resolve("diff").resolve("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("iris-logreg") && html.contains("worse"), "B is 20% slower: " + html.length());
        CliRun one = CliRun.of("compare", a.toString(), "--diff-dir", dir.resolve("diff2").toString());
        assertEquals(Main.USAGE, one.code(), one.err());
        assertTrue(one.err().contains("two results files"), one.err());
    }
}
