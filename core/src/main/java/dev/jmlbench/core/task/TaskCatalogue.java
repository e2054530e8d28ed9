package dev.jmlbench.core.task;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The task catalogue: task specs kept as JSON data. The built-in catalogue lives on the class path under
 * {@code dev/jmlbench/core/tasks/}, listed in {@code index.txt} there; a user's catalogue folder has the same
 * layout under {@code DIR/tasks/} ({@code index.txt} optional: without it every {@code *.json} there is a task of
 * the quick tier). {@code groups.json} beside them says which tasks the studies and stages of each preset use
 * (study membership is data, like the tiers). Adding a task is adding a file and a line; no code changes.
 * {@link #active()} is the catalogue of this run: the built-in one and the folders of {@link CatalogueFolders}.
 */
public final class TaskCatalogue {
    private static final String DIR = "/dev/jmlbench/core/tasks/";
    /** File of the study membership, beside the task specs. */
    public static final String GROUPS_FILE = "groups.json";
    /** File listing the task specs in order, with their tiers. */
    public static final String INDEX_FILE = "index.txt";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** Size tier of tasks that belong to every run, also the quick one. */
    public static final String TIER_QUICK = "quick";
    /** Size tier of tasks that only the full preset runs (large data, long training). */
    public static final String TIER_FULL = "full";

    private static TaskCatalogue builtIn;
    private static final CatalogueFolders.PerSelection<TaskCatalogue> ACTIVE =
            new CatalogueFolders.PerSelection<>(TaskCatalogue::of);

    private final Map<String, TaskSpec> tasks;
    private final Map<String, String> tiers;
    private final Map<String, String> origins;
    private final List<String> defaultIds;
    private final Map<String, Map<String, List<String>>> groups;

    private TaskCatalogue(Map<String, TaskSpec> tasks, Map<String, String> tiers, Map<String, String> origins,
                          List<String> defaultIds, Map<String, Map<String, List<String>>> groups) {
        this.tasks = tasks;
        this.tiers = tiers;
        this.origins = origins;
        this.defaultIds = defaultIds;
        this.groups = groups;
    }

    /** The size tier of task {@code id}: {@link #TIER_QUICK} or {@link #TIER_FULL}. */
    public String tier(String id) {
        get(id);
        return tiers.get(id);
    }

    /**
     * Ids of the tasks a run of tier {@code tier} includes when none are named: quick ones for quick, all for
     * full; of the user's folders when the run has any, else of the built-in catalogue.
     */
    public List<String> idsForTier(String tier) {
        return defaultIds.stream().filter(id -> tier.equals(TIER_FULL) || tiers.get(id).equals(tier)).toList();
    }

    /** Where task {@code id} was read from (a file, for people). */
    public String origin(String id) {
        get(id);
        return origins.get(id);
    }

    /**
     * The members of group {@code group} (e.g. {@code scaling}, {@code jmh}, {@code leak-check}) for preset
     * {@code preset}, as {@code groups.json} lists them; empty when it lists none.
     */
    public List<String> group(String group, String preset) {
        return groups.getOrDefault(group, Map.of()).getOrDefault(preset, List.of());
    }

    /** The catalogue shipped with the suite. */
    public static synchronized TaskCatalogue builtIn() {
        if (builtIn == null) {
            Folder f = new Folder(null, "built-in catalogue " + DIR.substring(1));
            builtIn = merge(List.of(f), List.of(f));
        }
        return builtIn;
    }

    /** The catalogue in {@code dir} alone ({@code dir/tasks/}). */
    public static TaskCatalogue fromFolder(Path dir) {
        Folder f = new Folder(dir.resolve("tasks"), dir.resolve("tasks").toString());
        return merge(List.of(f), List.of(f));
    }

    /**
     * The catalogue of this run: the built-in one (unless left out) and the user's folders of
     * {@link CatalogueFolders}; tasks run by default and group membership come from the user's folders when
     * there are any.
     *
     * @throws IllegalArgumentException when a folder does not exist, a spec is invalid or a task id is defined twice
     */
    public static TaskCatalogue active() {
        return ACTIVE.get();
    }

    /** The catalogue of {@code dirs}, beside the built-in one when {@code withBuiltIn}. */
    public static TaskCatalogue of(List<Path> dirs, boolean withBuiltIn) {
        if (dirs.isEmpty()) {
            if (!withBuiltIn) {
                throw new IllegalArgumentException("no catalogue: the built-in one is left out and no --catalogue"
                        + " folder is given; name a folder with --catalogue DIR");
            }
            return builtIn();
        }
        List<Folder> all = new ArrayList<>();
        if (withBuiltIn) {
            all.add(new Folder(null, "built-in catalogue " + DIR.substring(1)));
        }
        List<Folder> own = dirs.stream().map(d -> new Folder(d.resolve("tasks"), d.resolve("tasks").toString()))
                .toList();
        all.addAll(own);
        return merge(all, own);
    }

    private static TaskCatalogue merge(List<Folder> folders, List<Folder> defaults) {
        Map<String, TaskSpec> tasks = new LinkedHashMap<>();
        Map<String, String> tiers = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        List<String> defaultIds = new ArrayList<>();
        Map<String, Map<String, List<String>>> groups = new LinkedHashMap<>();
        for (Folder folder : folders) {
            for (Map.Entry<String, String> e : folder.index().entrySet()) {
                String id = e.getKey();
                String file = folder.describe(id + ".json");
                if (tasks.containsKey(id)) {
                    throw new IllegalArgumentException("task '" + id + "' is defined twice: in " + origins.get(id)
                            + " and in " + file + "; rename one of them (the id is the file name)");
                }
                TaskSpec spec = parse(folder.read(id + ".json"), file);
                if (!spec.id().equals(id)) {
                    throw new IllegalArgumentException("task spec " + file + " is invalid: field 'id' is '" + spec.id()
                            + "' but the file is " + id + ".json; a task's id and file name must agree");
                }
                tasks.put(id, spec);
                tiers.put(id, e.getValue());
                origins.put(id, file);
                if (defaults.contains(folder)) {
                    defaultIds.add(id);
                }
            }
        }
        for (Folder folder : defaults) {
            folder.groups().forEach((group, byPreset) -> byPreset.forEach((preset, ids) -> {
                for (String id : ids) {
                    if (!tasks.containsKey(id)) {
                        throw new IllegalArgumentException(folder.describe(GROUPS_FILE) + ": group '" + group
                                + "', preset '" + preset + "' names the unknown task '" + id + "'; known tasks: "
                                + String.join(", ", tasks.keySet()));
                    }
                }
                List<String> members = groups.computeIfAbsent(group, g -> new LinkedHashMap<>())
                        .computeIfAbsent(preset, p -> new ArrayList<>());
                ids.stream().filter(id -> !members.contains(id)).forEach(members::add);
            }));
        }
        groups.replaceAll((g, m) -> {
            m.replaceAll((p, ids) -> List.copyOf(ids));
            return Map.copyOf(m);
        });
        return new TaskCatalogue(tasks, tiers, origins, List.copyOf(defaultIds), Map.copyOf(groups));
    }

    /** One folder of task specs: on the class path ({@code dir == null}) or on disk. */
    private record Folder(Path dir, String name) {
        String describe(String file) {
            return dir == null ? DIR.substring(1) + file : dir.resolve(file).toString();
        }

        boolean exists(String file) {
            if (dir == null) {
                return TaskCatalogue.class.getResource(DIR + file) != null;
            }
            return Files.isRegularFile(dir.resolve(file));
        }

        String read(String file) {
            if (dir == null) {
                return TaskCatalogue.read(DIR + file);
            }
            try {
                return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + dir.resolve(file) + ": " + e.getMessage(), e);
            }
        }

        /** Task ids in order with their tiers: from index.txt, else every *.json file but groups.json. */
        Map<String, String> index() {
            Map<String, String> out = new LinkedHashMap<>();
            if (dir != null && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("catalogue folder " + dir.getParent() + " has no tasks/ folder;"
                        + " put the task specs in " + dir);
            }
            if (!exists(INDEX_FILE)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".json") && !n.equals(GROUPS_FILE)).sorted()
                            .forEach(n -> out.put(n.substring(0, n.length() - ".json".length()), TIER_QUICK));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage(), e);
                }
                return out;
            }
            String[] lines = read(INDEX_FILE).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String entry = lines[i].strip();
                if (entry.isEmpty() || entry.startsWith("#")) {
                    continue;
                }
                String[] words = entry.split("\\s+");
                String tier = words.length > 1 ? words[1] : TIER_QUICK;
                if (words.length > 2 || !(tier.equals(TIER_QUICK) || tier.equals(TIER_FULL))) {
                    throw new IllegalArgumentException(describe(INDEX_FILE) + " line " + (i + 1) + ": '" + entry
                            + "' must be '<task id>' or '<task id> full'");
                }
                if (out.put(words[0], tier) != null) {
                    throw new IllegalArgumentException(describe(INDEX_FILE) + " line " + (i + 1) + ": task '"
                            + words[0] + "' is listed twice");
                }
            }
            return out;
        }

        /** groups.json: group name -> preset name -> task ids; empty when there is no such file. */
        Map<String, Map<String, List<String>>> groups() {
            if (!exists(GROUPS_FILE)) {
                return Map.of();
            }
            String file = describe(GROUPS_FILE);
            Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
            try {
                JsonNode root = MAPPER.readTree(read(GROUPS_FILE));
                Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    if (f.getKey().equals("comment")) {
                        continue;
                    }
                    if (!f.getKey().equals("groups") || !f.getValue().isObject()) {
                        throw new IllegalArgumentException(file + ": field '" + f.getKey() + "' is unknown; the file"
                                + " has 'comment' and 'groups' ({\"group\": {\"preset\": [\"task id\", ...]}})");
                    }
                    Iterator<Map.Entry<String, JsonNode>> gs = f.getValue().fields();
                    while (gs.hasNext()) {
                        Map.Entry<String, JsonNode> g = gs.next();
                        Map<String, List<String>> byPreset = new LinkedHashMap<>();
                        if (!g.getValue().isObject()) {
                            throw new IllegalArgumentException(file + ": field 'groups." + g.getKey() + "' must map"
                                    + " preset names to lists of task ids");
                        }
                        Iterator<Map.Entry<String, JsonNode>> ps = g.getValue().fields();
                        while (ps.hasNext()) {
                            Map.Entry<String, JsonNode> p = ps.next();
                            List<String> ids = new ArrayList<>();
                            if (!p.getValue().isArray()) {
                                throw new IllegalArgumentException(file + ": field 'groups." + g.getKey() + "."
                                        + p.getKey() + "' must be a list of task ids");
                            }
                            for (JsonNode id : p.getValue()) {
                                if (!id.isTextual()) {
                                    throw new IllegalArgumentException(file + ": field 'groups." + g.getKey() + "."
                                            + p.getKey() + "' must be a list of task ids, found " + id);
                                }
                                ids.add(id.asText());
                            }
                            byPreset.put(p.getKey(), ids);
                        }
                        out.put(g.getKey(), byPreset);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
            }
            return out;
        }
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
