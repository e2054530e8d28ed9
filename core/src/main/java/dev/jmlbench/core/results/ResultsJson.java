package dev.jmlbench.core.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.task.TaskCatalogue;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads and writes {@link RunResults} as JSON. */
public final class ResultsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ResultsJson() {
    }

    /** The mapper used for results, shared by readers of related files. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Gives the environment and the measurements of a run written by an earlier version the fields added since,
     * with the values that say "not recorded": a CPU identity {@value EnvironmentInfo#UNKNOWN_CPU_ID} and no
     * per-fork means. For the readers of results files and of history lines alike.
     */
    public static void fillRunFieldsAddedLater(ObjectNode run) {
        if (run.get("environment") instanceof ObjectNode env && !env.has("cpuId")) {
            env.put("cpuId", EnvironmentInfo.UNKNOWN_CPU_ID); // written before the CPU identity was recorded
        }
        if (run.get("measurements") instanceof com.fasterxml.jackson.databind.node.ArrayNode ms) {
            for (JsonNode m : ms) {
                if (m instanceof ObjectNode o && !o.has("forkMeans")) {
                    o.putNull("forkMeans"); // written before per-fork means were recorded
                }
            }
        }
    }

    /** Writes {@code results} to {@code file} atomically: a reader never sees half a file. */
    public static void write(Path file, RunResults results) throws IOException {
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(results));
    }

    /**
     * Reads a results file.
     *
     * @throws MalformedResultsException naming the file and the field when it is missing, truncated, not JSON,
     *                                   of an unknown schema version or missing a required field
     */
    public static RunResults read(Path file) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new MalformedResultsException(file, "", "file not found", e);
        } catch (JsonProcessingException e) {
            throw new MalformedResultsException(file, "", "not valid JSON (truncated?) at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedResultsException(file, "", "cannot be read: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedResultsException(file, "", "expected a JSON object at the top level", null);
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isInt()) {
            throw new MalformedResultsException(file, "schemaVersion", "missing or not an integer", null);
        }
        if (version.intValue() != RunResults.SCHEMA_VERSION) {
            throw new MalformedResultsException(file, "schemaVersion", "version " + version.intValue()
                    + " is not supported; this build reads version " + RunResults.SCHEMA_VERSION, null);
        }
        ObjectNode top = (ObjectNode) tree;
        if (!top.has("provenance")) {
            top.putArray("provenance"); // files written before engines recorded provenance
        }
        if (!top.has("comparisons")) {
            top.putArray("comparisons"); // files written before engine comparisons were recorded
        }
        fillRunFieldsAddedLater(top);
        if (top.get("tasks") instanceof com.fasterxml.jackson.databind.node.ArrayNode taskArray) {
            for (JsonNode task : taskArray) {
                if (task instanceof ObjectNode t) {
                    TaskCatalogue.fillOptionalFields(t);
                }
            }
        }
        for (RecordComponent c : RunResults.class.getRecordComponents()) {
            if (!tree.hasNonNull(c.getName())) {
                throw new MalformedResultsException(file, c.getName(), "missing", null);
            }
        }
        try {
            return MAPPER.treeToValue(tree, RunResults.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new MalformedResultsException(file, field, e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new MalformedResultsException(file, "", e.getOriginalMessage(), e);
        }
    }
}
