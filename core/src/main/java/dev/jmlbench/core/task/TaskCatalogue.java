package dev.jmlbench.core.task;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task catalogue: task specs kept as JSON data under {@code dev/jmlbench/core/tasks/}, listed in
 * {@code index.txt} there. Adding a task is adding a file and a line; no code changes.
 */
public final class TaskCatalogue {
    private static final String DIR = "/dev/jmlbench/core/tasks/";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Size tier of tasks that belong to every run, also the quick one. */
    public static final String TIER_QUICK = "quick";
    /** Size tier of tasks that only the full preset runs (large data, long training). */
    public static final String TIER_FULL = "full";

    private final Map<String, TaskSpec> tasks;
    private final Map<String, String> tiers;

    private TaskCatalogue(Map<String, TaskSpec> tasks, Map<String, String> tiers) {
        this.tasks = tasks;
        this.tiers = tiers;
    }

    /** The size tier of task {@code id}: {@link #TIER_QUICK} or {@link #TIER_FULL}. */
    public String tier(String id) {
        get(id);
        return tiers.get(id);
    }

    /** Ids of the tasks a run of tier {@code tier} includes: quick ones for quick, all for full. */
    public List<String> idsForTier(String tier) {
        return tasks.keySet().stream().filter(id -> tier.equals(TIER_FULL) || tiers.get(id).equals(tier)).toList();
    }

    /** The catalogue shipped with the suite. */
    public static TaskCatalogue builtIn() {
        Map<String, TaskSpec> tasks = new LinkedHashMap<>();
        Map<String, String> tiers = new LinkedHashMap<>();
        for (String line : read(DIR + "index.txt").split("\n")) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            String[] words = entry.split("\\s+");
            String id = words[0];
            String tier = words.length > 1 ? words[1] : TIER_QUICK;
            if (words.length > 2 || !(tier.equals(TIER_QUICK) || tier.equals(TIER_FULL))) {
                throw new IllegalStateException("index.txt: '" + entry + "' must be '<task id>' or '<task id> full'");
            }
            tasks.put(id, parse(read(DIR + id + ".json"), id + ".json"));
            tiers.put(id, tier);
        }
        return new TaskCatalogue(tasks, tiers);
    }

    /** Parses one task spec; errors name the file and what is wrong. */
    public static TaskSpec parse(String json, String fileName) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree instanceof ObjectNode object) {
                fillOptionalFields(object);
            }
            return MAPPER.treeToValue(tree, TaskSpec.class);
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String detail = root instanceof IllegalArgumentException ? root.getMessage() : e.getMessage();
            throw new IllegalArgumentException("task spec " + fileName + " is invalid: " + detail, e);
        }
    }

    /**
     * Sets the fields a task spec may leave out to null: {@code model} and {@code training} for a classic
     * algorithm, {@code algorithm} for a network. Every other field stays required.
     */
    public static void fillOptionalFields(ObjectNode task) {
        for (String optional : List.of("model", "training", "algorithm")) {
            if (!task.has(optional)) {
                task.putNull(optional);
            }
        }
        if (task.get("dataset") instanceof ObjectNode dataset && !dataset.has("stride")) {
            dataset.putNull("stride");
        }
    }

    /** All tasks, in catalogue order. */
    public List<TaskSpec> all() {
        return List.copyOf(tasks.values());
    }

    /** Task ids, in catalogue order. */
    public List<String> ids() {
        return List.copyOf(tasks.keySet());
    }

    /**
     * The task with {@code id}.
     *
     * @throws IllegalArgumentException listing the known ids when there is none
     */
    public TaskSpec get(String id) {
        TaskSpec t = tasks.get(id);
        if (t == null) {
            throw new IllegalArgumentException("unknown task '" + id + "'; known tasks: " + String.join(", ", ids()));
        }
        return t;
    }

    /** The tasks with the given ids, in that order; all tasks when {@code ids} is empty. */
    public List<TaskSpec> select(List<String> ids) {
        if (ids.isEmpty()) {
            return all();
        }
        List<TaskSpec> out = new ArrayList<>();
        for (String id : ids) {
            out.add(get(id));
        }
        return out;
    }

    private static String read(String name) {
        try (InputStream in = TaskCatalogue.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("task catalogue file " + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read task catalogue file " + name, e);
        }
    }
}
