package dev.jmlbench.ci.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The history: a JSON-lines file, one {@link HistoryRecord} per line, oldest first. Lines are only ever
 * appended, so the file can be kept as a CI artifact or committed to a branch and merged line-wise.
 *
 * <p>Default location: {@value #DEFAULT_PATH} relative to the working directory (the repository root when run
 * from the bench profile), outside {@code target/} so that {@code mvn clean} keeps it; override it with
 * {@code --history FILE} or {@code -Djmlbench.history=FILE}.
 */
public final class HistoryStore {
    /** The default history file, relative to the working directory. */
    public static final String DEFAULT_PATH = ".jmlbench/history.jsonl";
    /** The system property that overrides the default path. */
    public static final String PROPERTY = "jmlbench.history";

    private static final ObjectMapper MAPPER = ResultsJson.mapper();
    private static final ObjectWriter LINE_WRITER = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    /** A store in {@code file}, which need not exist yet. */
    public HistoryStore(Path file) {
        this.file = file;
    }

    /** The history file named by {@code -Djmlbench.history}, or {@link #DEFAULT_PATH}. */
    public static Path defaultFile() {
        return Path.of(System.getProperty(PROPERTY, DEFAULT_PATH));
    }

    /** The file this store reads and appends to. */
    public Path file() {
        return file;
    }

    /**
     * Appends {@code results} as one line, unless a run with the same id is recorded already (so that running
     * the comparison twice on one results file records the run once).
     *
     * @return whether a line was appended
     */
    public boolean append(RunResults results) throws IOException {
        if (read().stream().anyMatch(r -> r.runId().equals(results.runId()))) {
            return false;
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String line = LINE_WRITER.writeValueAsString(HistoryRecord.of(results)) + "\n";
        // one write of one line with O_APPEND: a concurrent reader sees the line whole or not at all
        Files.write(file, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return true;
    }

    /**
     * Every record, oldest first; empty when the file does not exist. Blank lines are skipped.
     *
     * @throws MalformedHistoryException naming the file, the line and the field of the first bad record
     */
    public List<HistoryRecord> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read history file " + file + ": " + e.getMessage(), e);
        }
        List<HistoryRecord> records = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (!text.isEmpty()) {
                records.add(parse(text, i + 1));
            }
        }
        return records;
    }

    private HistoryRecord parse(String text, int line) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedHistoryException(file, line, "", "not valid JSON (truncated line?) at column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new MalformedHistoryException(file, line, "", "expected one JSON object per line", null);
        }
        JsonNode version = tree.get("historyVersion");
        if (version == null || !version.isInt()) {
            throw new MalformedHistoryException(file, line, "historyVersion", "missing or not an integer", null);
        }
        if (version.intValue() != HistoryRecord.VERSION) {
            throw new MalformedHistoryException(file, line, "historyVersion", "version " + version.intValue()
                    + " is not supported; this build reads version " + HistoryRecord.VERSION, null);
        }
        ResultsJson.fillRunFieldsAddedLater((ObjectNode) tree);
        for (RecordComponent c : HistoryRecord.class.getRecordComponents()) {
            if (!tree.hasNonNull(c.getName())) {
                throw new MalformedHistoryException(file, line, c.getName(), "missing", null);
            }
        }
        try {
            return MAPPER.treeToValue(tree, HistoryRecord.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new MalformedHistoryException(file, line, field, e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new MalformedHistoryException(file, line, "", e.getOriginalMessage(), e);
        }
    }
}
