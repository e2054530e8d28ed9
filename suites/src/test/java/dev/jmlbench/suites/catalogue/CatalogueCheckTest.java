package dev.jmlbench.suites.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jmlbench.core.task.CatalogueFolders;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.datasets.DatasetCatalogue;
import dev.jmlbench.suites.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jmlbench check}: the built-in catalogue and the worked example pass it, and each kind of mistake in a
 * task spec or a manifest is reported with its file, field and reason.
 */
class CatalogueCheckTest {
    /** The worked example of the README (tests run in the suites module's folder). */
    static final Path EXAMPLE = Path.of("..", "examples", "own-task").toAbsolutePath().normalize();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @AfterEach
    void builtInCatalogueAgain() {
        CatalogueFolders.use(List.of(), true);
    }

    @Test
    void everyBuiltInTaskAndDatasetValidatesAgainstThePublishedSchemas() throws IOException {
        TaskCatalogue builtIn = TaskCatalogue.builtIn();
        List<CatalogueCheck.Problem> problems = new ArrayList<>();
        for (String id : builtIn.ids()) {
            JsonNode spec = MAPPER.readTree(resource("/dev/jmlbench/core/tasks/" + id + ".json"));
            problems.addAll(CatalogueCheck.validate(CatalogueCheck.schema("task.schema.json"), spec, id + ".json",
                    null));
            CatalogueCheck.fits(builtIn.get(id), DatasetCatalogue.builtIn(), id + ".json", problems);
        }
        JsonNode manifest = MAPPER.readTree(resource("/dev/jmlbench/datasets/data/manifest.json"));
        problems.addAll(CatalogueCheck.validate(CatalogueCheck.schema("dataset.schema.json"), manifest,
                "manifest.json", null));
        assertEquals(List.of(), problems);
        assertTrue(builtIn.ids().size() >= 20, "the built-in catalogue was read: " + builtIn.ids());
        assertEquals(8, manifest.path("datasets").size());
    }

    @Test
    void theSchemasThemselvesRejectWhatTheyShould() throws IOException {
        JsonNode spec = MAPPER.readTree(resource("/dev/jmlbench/core/tasks/digits-mlp.json"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) spec).put("epochz", 3);
        List<CatalogueCheck.Problem> p = CatalogueCheck.validate(CatalogueCheck.schema("task.schema.json"), spec,
                "t.json", null);
        assertEquals(1, p.size(), p.toString());
        assertEquals("$.epochz", p.get(0).field());
    }

    @Test
    void theWorkedExamplePasses() {
        Outcome o = check(EXAMPLE);
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("2 task spec(s), 1 dataset(s), no problems"), o.err());
    }

    @Test
    void anUnknownFieldIsNamed(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        editTask(d, "penguins-mlp", s -> s.replace("\"family\"", "\"colour\": \"red\", \"family\""));
        assertProblem(d, "tasks/penguins-mlp.json: field '$.colour': unknown field 'colour'");
    }

    @Test
    void anUnknownLayerTypeIsNamed(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        editTask(d, "penguins-mlp", s -> s.replaceFirst("\"dense\"", "\"transformer\""));
        assertProblem(d, "tasks/penguins-mlp.json: field '$.model.layers[0].type': does not have a value in the"
                + " enumeration");
    }

    @Test
    void shapesThatDoNotChainAreNamedByLayer(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        editTask(d, "penguins-mlp", s -> s.replace("{\"type\": \"dense\", \"units\": 16, \"activation\": \"RELU\"}",
                "{\"type\": \"maxpool2d\", \"size\": 2, \"stride\": 2}"));
        assertProblem(d, "tasks/penguins-mlp.json: field '$.model.layers[0]': MaxPool2D[size=2, stride=2] needs an input of rank 3, got shape [4]");
    }

    @Test
    void aDatasetThatDoesNotExistIsNamed(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        editTask(d, "penguins-random-forest", s -> s.replace("\"id\": \"penguins\"", "\"id\": \"penguin\""));
        assertProblem(d, "tasks/penguins-random-forest.json: field '$.dataset.id': unknown dataset 'penguin'; known"
                + " datasets: iris,");
    }

    @Test
    void aTargetMetricThatDoesNotFitTheDataIsNamed(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        editTask(d, "penguins-mlp", s -> s.replace("\"ACCURACY\"", "\"BITS_PER_CHARACTER\"")
                .replace("0.9\n", "2.0\n"));
        assertProblem(d, "tasks/penguins-mlp.json: field '$.target.metric': BITS_PER_CHARACTER does not fit dataset"
                + " 'penguins', which is classification data (format delimited); use ACCURACY");
    }

    @Test
    void aModelThatDoesNotFitTheDataIsNamed(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        editTask(d, "penguins-mlp", s -> s.replace("\"inputShape\": [4]", "\"inputShape\": [5]")
                .replace("\"units\": 3", "\"units\": 2"));
        Outcome o = check(d);
        assertEquals(Main.FAILED, o.code());
        assertTrue(o.err().contains("tasks/penguins-mlp.json: field '$.model.inputShape': takes 5 values per example,"
                + " but dataset 'penguins' has 4 features"), o.err());
        assertTrue(o.err().contains("tasks/penguins-mlp.json: field '$.model.layers[1]': gives 2 outputs, but dataset"
                + " 'penguins' needs 3 (one per class)"), o.err());
    }

    @Test
    void anUnknownFormatIsNamed(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        editManifest(d, s -> s.replace("\"delimited\"", "\"parquet\""));
        assertProblem(d, "data/manifest.json: field '$.datasets[0].format': does not have a value in the enumeration");
    }

    @Test
    void anUnknownOriginIsNamed(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        editManifest(d, s -> s.replace("\"samples\"", "\"origin\": {\"kind\": \"http\"}, \"samples\""));
        assertProblem(d, "data/manifest.json: field '$.datasets[0].origin.kind': does not have a value in the"
                + " enumeration");
    }

    @Test
    void aMissingReadOptionIsNamed(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        editManifest(d, s -> s.replace("\"label\": \"species\",", ""));
        assertProblem(d, "data/manifest.json: field '$.datasets[0].read.label': required: the label column");
    }

    @Test
    void aChangedFileIsRefusedByItsChecksum(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        Path csv = d.resolve("data").resolve("penguins.csv");
        Files.writeString(csv, Files.readString(csv).replace("39.1", "39.2"));
        assertProblem(d, "data/manifest.json: field '$.datasets[0].files': data/penguins.csv: SHA-256 mismatch");
    }

    @Test
    void aMissingFileSaysWhereToPutIt(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        Files.delete(d.resolve("data").resolve("penguins.csv"));
        assertProblem(d, "data/manifest.json: field '$.datasets[0].files': dataset 'penguins': file"
                + " data/penguins.csv is missing; put the file there");
    }

    @Test
    void contentThatDoesNotMatchTheEntryIsNamed(@TempDir Path dir) throws IOException {
        Path d = copy(dir);
        editManifest(d, s -> s.replace("\"dropMissing\": true", "\"dropMissing\": false"));
        assertProblem(d, "data/manifest.json: field '$.datasets[0]': the content does not match the entry:"
                + " penguins.csv line 5: column 'bill_length_mm' has the missing value 'NA'");
    }

    private static void assertProblem(Path d, String expected) {
        Outcome o = check(d);
        assertEquals(Main.FAILED, o.code(), o.err());
        String relative = o.err().replace(d + "/", "");
        assertTrue(relative.contains("[check] " + expected), "expected '" + expected + "' in:\n" + o.err());
    }

    record Outcome(int code, String err) {
    }

    static Outcome check(Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "check", dir.toString());
        return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    }

    /** A copy of the worked example in {@code dir}. */
    static Path copy(Path dir) throws IOException {
        Path target = dir.resolve("own");
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(EXAMPLE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }

    private static void editTask(Path d, String id, UnaryOperator<String> edit) throws IOException {
        Path f = d.resolve("tasks").resolve(id + ".json");
        String before = Files.readString(f);
        String after = edit.apply(before);
        assertTrue(!after.equals(before), "the edit changed nothing");
        Files.writeString(f, after);
    }

    private static void editManifest(Path d, UnaryOperator<String> edit) throws IOException {
        Path f = d.resolve("data").resolve("manifest.json");
        String before = Files.readString(f);
        String after = edit.apply(before);
        assertTrue(!after.equals(before), "the edit changed nothing");
        Files.writeString(f, after);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = CatalogueCheckTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
