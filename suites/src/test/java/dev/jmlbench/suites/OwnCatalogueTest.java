package dev.jmlbench.suites;

import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.CatalogueFolders;
import dev.jmlbench.suites.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's worked example, "Benchmark your own model and data", end to end: a folder with a CSV and two task
 * specs runs on every engine, merges and gives a report; and a task naming data that is not there fails with a
 * message that says what to do, instead of running on other data.
 */
class OwnCatalogueTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "own-task").toAbsolutePath().normalize();
    private static final String PENGUINS_SHA256 = "f204db2c753b0937caac3cb35258562c14f073e4bbc76be24b4c51ce22767a93";

    @AfterEach
    void builtInCatalogueAgain() {
        CatalogueFolders.use(List.of(), true);
    }

    @Test
    void theWorkedExampleRunsOnEveryEngineAndGivesAReport(@TempDir Path out) throws IOException {
        // the README's one command: train and check every task of the folder, then results.json and the report
        CliRun q = CliRun.of("run", "--catalogue", EXAMPLE.toString(), "--stage", "quality", "--report", "--isolation",
                "none", "--preset", "smoke", "--out", out.toString());
        assertEquals(0, q.code(), q.err());

        RunResults r = ResultsJson.read(out.resolve("results.json"));
        assertEquals(List.of("penguins-mlp", "penguins-random-forest"),
                r.tasks().stream().map(t -> t.id()).toList(), "the example's tasks alone run by default");
        var penguins = r.datasets().stream().filter(d -> d.id().equals("penguins")).findFirst().orElseThrow();
        assertEquals(PENGUINS_SHA256, penguins.sha256());
        assertEquals(List.of("Adelie", "Chinstrap", "Gentoo"), penguins.classNames());
        for (String task : List.of("penguins-mlp", "penguins-random-forest")) {
            int ok = 0;
            for (String engine : Engines.ids()) {
                CellStatus c = r.cells().stream().filter(x -> x.task().equals(task) && x.engine().equals(engine)
                        && x.stage().equals("quality")).findFirst().orElseThrow(() -> new AssertionError(
                        "no quality cell for " + task + " on " + engine + ": " + r.cells()));
                assertTrue(c.status() == CellStatus.Status.OK || c.status() == CellStatus.Status.UNSUPPORTED,
                        task + " on " + engine + ": " + c);
                ok += c.status() == CellStatus.Status.OK ? 1 : 0;
            }
            assertTrue(ok >= 2, task + " ran on at least two engines: " + r.cells());
        }
        String html = Files.readString(out.resolve("report").resolve("index.html"));
        assertTrue(html.contains("penguins-mlp") && html.contains("penguins-random-forest"));
        assertTrue(html.contains(PENGUINS_SHA256), "the report shows the data's checksum");
    }

    /**
     * Issue 15's failure: a manifest entry with another id and format idx, and a task naming it, used to train on
     * MNIST. Now the task fails, and the reason names the missing file and what to do.
     */
    @Test
    void aTaskNamingDataThatIsNotThereFailsAndSaysWhatToDo(@TempDir Path dir, @TempDir Path out) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path tasks = Files.createDirectories(dir.resolve("tasks"));
        String sha = "0".repeat(64);
        StringBuilder files = new StringBuilder();
        for (String role : List.of("train-images", "train-labels", "test-images", "test-labels")) {
            files.append(files.isEmpty() ? "" : ",").append("{\"name\":\"").append(role).append("-idx\",\"sha256\":\"")
                    .append(sha).append("\",\"role\":\"").append(role).append("\"}");
        }
        Files.writeString(data.resolve("manifest.json"), "{\"datasets\":[{\"id\":\"fashion\",\"format\":\"idx\","
                + "\"description\":\"28x28 images\",\"source\":\"not supplied (test)\",\"licence\":\"unknown\","
                + "\"samples\":70000,\"features\":784,\"classNames\":[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\","
                + "\"8\",\"9\"],\"files\":[" + files + "]}]}");
        Files.writeString(tasks.resolve("fashion-mlp.json"), Files.readString(EXAMPLE.resolve("tasks")
                .resolve("penguins-mlp.json")).replace("penguins-mlp", "fashion-mlp")
                .replace("\"id\": \"penguins\"", "\"id\": \"fashion\"").replace("[4]", "[784]")
                .replace("\"units\": 3", "\"units\": 10"));

        CliRun q = CliRun.of("run", "--catalogue", dir.toString(), "--stage", "quality", "--isolation", "none",
                "--engines", "reference", "--preset", "smoke", "--out", out.toString());
        assertEquals(0, q.code(), q.err());
        RunResults r = ResultsJson.read(out.resolve("quality.json"));
        CellStatus c = r.cells().stream().filter(x -> x.task().equals("fashion-mlp")).findFirst().orElseThrow();
        assertEquals(CellStatus.Status.FAILED, c.status(), c.toString());
        assertTrue(c.reason().contains("dataset 'fashion': file " + data.resolve("train-images-idx")
                + " is missing; put the file there"), c.reason());
        assertTrue(r.measurements().stream().noneMatch(m -> "fashion-mlp".equals(m.task())),
                "nothing was measured on other data");
        assertTrue(r.datasets().stream().noneMatch(d -> d.id().equals("mnist")), "MNIST was never read");
    }

    @Test
    void aCatalogueFolderThatDoesNotExistIsAUsageError(@TempDir Path out) {
        CliRun o = CliRun.of("run", "--catalogue", out.resolve("nowhere").toString(), "--stage", "quality", "--out",
                out.toString());
        assertEquals(Main.USAGE, o.code());
        assertTrue(o.err().contains("catalogue folder " + out.resolve("nowhere") + " does not exist"), o.err());
    }

    /** The bench profile passes -Djmlbench.catalogue=DIR: the same as --catalogue DIR. */
    @Test
    void theSystemPropertyNamesTheCatalogueLikeTheOption() {
        System.setProperty(CatalogueFolders.PROPERTY, EXAMPLE.toString());
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int code = Main.execute(new PrintStream(o, true, StandardCharsets.UTF_8), System.err, "list");
        assertEquals(0, code);
        String listed = o.toString(StandardCharsets.UTF_8);
        assertTrue(listed.contains("penguins-mlp") && listed.contains("iris-logreg"), listed);
    }
}
