package dev.jmlbench.datasets;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One dataset as a catalogue's {@code data/manifest.json} describes it: what it is and where it comes from (for
 * people), how its files are read ({@code format} and {@code read}), where they are ({@code origin}) and the
 * SHA-256 of every file, verified before parsing. The JSON Schema is {@code dev/jmlbench/core/schema/
 * dataset.schema.json} in the core module.
 *
 * @param id          dataset id, as task specs name it
 * @param format      how the files are read: {@code delimited}, {@code idx}, {@code text} or {@code series}
 * @param description one line for people
 * @param source      the provenance for people: package and version, or who made the file
 * @param licence     licence of the data
 * @param samples     number of examples used (characters for a text, days for a series)
 * @param features    features per example (distinct characters for a text, 1 for a series)
 * @param classCounts examples per class, index = label; for classification data only
 * @param classNames  names of the classes in label order; required for classification data
 * @param origin      where the files are; absent means beside the manifest
 * @param read        options of the format; absent means the format's defaults
 * @param files       the files, each with its SHA-256
 */
public record ManifestEntry(String id, String format, String description, String source, String licence,
                            Integer samples, Integer features, List<Integer> classCounts, List<String> classNames,
                            Origin origin, Read read, List<ManifestFile> files) {

    /** Delimited text (CSV, TSV, space-separated) with a label column or a labels file. */
    public static final String DELIMITED = "delimited";
    /** IDX images and labels, raw or gzipped, with the dataset's own train and test split. */
    public static final String IDX = "idx";
    /** A plain UTF-8 text corpus, read character by character. */
    public static final String TEXT = "text";
    /** A dated series: one value per date, in date order. */
    public static final String SERIES = "series";
    /** The formats known here. */
    public static final List<String> FORMATS = List.of(DELIMITED, IDX, TEXT, SERIES);

    /** Target of delimited data: class labels. */
    public static final String TARGET_CLASS = "class";
    /** Target of delimited data: real values (regression). */
    public static final String TARGET_VALUE = "value";

    public ManifestEntry {
        classCounts = classCounts == null ? null : List.copyOf(classCounts);
        classNames = classNames == null ? null : List.copyOf(classNames);
        files = files == null ? null : List.copyOf(files);
        origin = origin == null ? new Origin(Origin.CATALOGUE, null, null, null, null) : origin;
        read = read == null ? Read.DEFAULTS : read;
    }

    /**
     * One file of a dataset.
     *
     * @param name        file name: relative to the catalogue's {@code data/} folder, to the origin's folder, or
     *                    the name it is known by inside a package
     * @param packagePath path of the file inside the package it comes from; for an {@code npm} origin this is
     *                    where it is read from, otherwise provenance only
     * @param sha256      SHA-256 of the file as published (of its decompressed content when it is gzipped only
     *                    here: the name ends in .gz, the package path does not)
     * @param role        what the file holds where a format reads several: delimited {@code data} or
     *                    {@code labels}; idx {@code train-images}, {@code train-labels}, {@code test-images},
     *                    {@code test-labels}
     */
    public record ManifestFile(String name, String packagePath, String sha256, String role) {
        /** A file with no particular role. */
        public ManifestFile(String name, String packagePath, String sha256) {
            this(name, packagePath, sha256, null);
        }

        /** Whether the file is gzipped here although its package ships it plain (checked after decompression). */
        @JsonIgnore
        public boolean gzippedHere() {
            return name.endsWith(".gz") && packagePath != null && !packagePath.endsWith(".gz");
        }
    }

    /**
     * Where the files are.
     *
     * @param kind        {@code catalogue} (beside the manifest, the default), {@code path} (in the folder
     *                    {@code dir}, relative to the catalogue folder unless absolute) or {@code npm} (inside an
     *                    npm package's tarball, fetched by name into the data cache by {@code jmlbench fetch-data})
     * @param dir         the folder of a {@code path} origin
     * @param packageName the npm package with its exact version, e.g. {@code name@1.2.3}
     * @param file        the tarball's file name as {@code npm pack} writes it
     * @param sha256      the tarball's SHA-256
     */
    public record Origin(String kind, String dir, @JsonProperty("package") String packageName, String file,
                         String sha256) {
        /** Files beside the manifest. */
        public static final String CATALOGUE = "catalogue";
        /** Files in a folder of the user's. */
        public static final String PATH = "path";
        /** Files inside an npm package, fetched by name. */
        public static final String NPM = "npm";
        /** The kinds known here. */
        public static final List<String> KINDS = List.of(CATALOGUE, PATH, NPM);
    }

    /**
     * Options of the format. Delimited: {@code separator} (one character, default {@code ,}), {@code header}
     * ({@code names}: the first line names the columns, the default; {@code none}; {@code skip}: the first line
     * is neither names nor data), {@code label} (the label column: a name, or a number counted from 0, negative
     * from the end), {@code target} ({@code class} or {@code value}), {@code features} (the feature columns;
     * default every other column), {@code missing} (cells that mean "no value") and {@code dropMissing} (drop
     * rows with a missing value instead of refusing the file). Series: {@code date} (one column with ISO dates, or
     * three: year, month, day) and {@code value}, with {@code separator} and a header of names.
     */
    public record Read(String separator, String header, String label, String target, List<String> features,
                       List<String> missing, Boolean dropMissing, List<String> date, String value) {
        static final Read DEFAULTS = new Read(null, null, null, null, null, null, null, null, null);

        /** Header kinds. */
        public static final List<String> HEADERS = List.of("names", "none", "skip");

        public Read {
            features = features == null ? null : List.copyOf(features);
            missing = missing == null ? List.of() : List.copyOf(missing);
            date = date == null ? null : List.copyOf(date);
        }

        /** The separator character (default ','). */
        public char separatorChar() {
            return separator == null ? ',' : separator.charAt(0);
        }

        /** The header kind (default names). */
        public String headerKind() {
            return header == null ? "names" : header;
        }

        /** Whether rows with a missing value are dropped. */
        public boolean dropsMissing() {
            return Boolean.TRUE.equals(dropMissing);
        }
    }

    /** Whether the files come from a package fetched into the data cache (false: from a folder). */
    @JsonIgnore
    public boolean fetched() {
        return origin.kind().equals(Origin.NPM);
    }

    /**
     * The SHA-256 recorded with results: the file's, or for several files theirs joined with '+' (a package's
     * tarball first).
     */
    public String digest() {
        String joined = files.stream().map(ManifestFile::sha256).collect(Collectors.joining("+"));
        return fetched() ? origin.sha256() + "+" + joined : joined;
    }

    /** The file called {@code name}. */
    public ManifestFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new DatasetException("dataset " + id + " has no file " + name));
    }

    /** The files with role {@code role} (files without a role count as {@code data}). */
    public List<ManifestFile> filesWithRole(String role) {
        return files.stream().filter(f -> role.equals(f.role() == null ? "data" : f.role())).toList();
    }
}
