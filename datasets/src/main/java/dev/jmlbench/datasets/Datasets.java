package dev.jmlbench.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.data.RegressionSplit;
import dev.jmlbench.core.data.TextCorpus;
import dev.jmlbench.core.data.TimeSeries;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.task.DatasetRef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Entry point: loads a dataset by id, verifies its checksums, splits it deterministically and prepares its
 * features. One method per kind of data: {@link #load} (classification), {@link #loadRegression},
 * {@link #loadText} (character-level corpus) and {@link #loadSeries} (daily series).
 */
public final class Datasets {
    private static final Map<String, ManifestEntry> MANIFEST = readManifest();

    private Datasets() {
    }

    /** Ids of all datasets, committed and fetched, in manifest order. */
    public static List<String> ids() {
        return List.copyOf(MANIFEST.keySet());
    }

    /** The manifest entry of {@code id}. */
    public static ManifestEntry entry(String id) {
        ManifestEntry e = MANIFEST.get(id);
        if (e == null) {
            throw new DatasetException("unknown dataset '" + id + "'; known datasets: " + String.join(", ", ids()));
        }
        return e;
    }

    /**
     * A classification dataset. Committed datasets get a stratified, seeded split as {@code ref} says; MNIST
     * keeps its own split (the reference's test fraction is not used) and comes from the {@link DataCache}.
     * Features of committed datasets are standardised with the training part's statistics alone.
     *
     * @throws DatasetUnavailableException when a fetched dataset is not in the cache (the message has the command)
     * @throws DatasetException            for an unknown id, a checksum mismatch or malformed content, or a
     *                                     dataset that is not a classification dataset
     */
    public static TrainTestData load(DatasetRef ref) {
        ManifestEntry entry = entry(ref.id());
        SklearnCsv.Table table = switch (entry.format()) {
            case "sklearn-csv" -> {
                ManifestEntry.ManifestFile f = entry.files().get(0);
                yield SklearnCsv.parse(text(CommittedFiles.read(f), f.name()), f.name());
            }
            case "digits-csv" -> {
                ManifestEntry.ManifestFile f = entry.files().get(0);
                List<String> names = new ArrayList<>();
                for (int c = 0; c < entry.classCounts().size(); c++) {
                    names.add(Integer.toString(c));
                }
                yield SklearnCsv.parseHeaderless(text(CommittedFiles.read(f), f.name()), f.name(), entry.samples(),
                        entry.features(), names);
            }
            case "idx" -> null;
            default -> throw new DatasetException("dataset '" + ref.id() + "' (" + entry.format()
                    + ") is not a classification dataset; use the loader for its kind");
        };
        if (table == null) {
            return Mnist.load(DataCache.dir());
        }
        checkShape(entry, table.labels().length, table.features()[0].length);
        return split(table, entry, ref);
    }

    static TrainTestData split(SklearnCsv.Table table, ManifestEntry entry, DatasetRef ref) {
        int numClasses = table.classNames().size();
        Splits.Indices idx = Splits.stratified(table.labels(), numClasses, ref.testFraction(), ref.splitSeed());
        float[][] trainX = Splits.select(table.features(), idx.train());
        float[][] testX = Splits.select(table.features(), idx.test());
        Splits.standardize(trainX, testX);
        DatasetInfo info = new DatasetInfo(entry.id(), entry.source(), entry.licence(), entry.digest(),
                table.classNames(), false);
        return new TrainTestData(info, ref.splitDescription(),
                "each feature standardised with the training part's mean and standard deviation",
                new LabeledData(trainX, Splits.select(table.labels(), idx.train()), numClasses),
                new LabeledData(testX, Splits.select(table.labels(), idx.test()), numClasses));
    }

    /**
     * A regression dataset (diabetes): a seeded random split, features standardised with the training part's
     * statistics, targets in their original units.
     */
    public static RegressionSplit loadRegression(DatasetRef ref) {
        ManifestEntry entry = entry(ref.id());
        if (!entry.format().equals("diabetes")) {
            throw new DatasetException("dataset '" + ref.id() + "' (" + entry.format()
                    + ") is not a regression dataset");
        }
        ManifestEntry.ManifestFile dataFile = entry.files().get(0);
        ManifestEntry.ManifestFile targetFile = entry.files().get(1);
        // text() decompresses: the scikit-learn package ships these two files gzipped
        float[][] x = parseSpaceSeparated(text(CommittedFiles.read(dataFile), dataFile.name()), dataFile.name(),
                entry.features());
        float[][] t = parseSpaceSeparated(text(CommittedFiles.read(targetFile), targetFile.name()),
                targetFile.name(), 1);
        if (x.length != t.length) {
            throw new DatasetException(dataFile.name() + " has " + x.length + " rows but " + targetFile.name()
                    + " has " + t.length);
        }
        checkShape(entry, x.length, x[0].length);
        int[] order = Splits.shuffle(range(x.length), new SplittableRandom(ref.splitSeed()));
        int nTest = (int) Math.round(x.length * ref.testFraction());
        int[] testIdx = java.util.Arrays.copyOfRange(order, 0, nTest);
        int[] trainIdx = java.util.Arrays.copyOfRange(order, nTest, order.length);
        float[][] trainX = Splits.select(x, trainIdx);
        float[][] testX = Splits.select(x, testIdx);
        Splits.standardize(trainX, testX);
        DatasetInfo info = new DatasetInfo(entry.id(), entry.source(), entry.licence(), entry.digest(), List.of(),
                false);
        return new RegressionSplit(info, "random, test fraction " + ref.testFraction() + ", seed " + ref.splitSeed(),
                "features standardised with the training part's mean and standard deviation; targets unscaled",
                new RegressionData(trainX, column(t, trainIdx)), new RegressionData(testX, column(t, testIdx)));
    }

    /**
     * A character-level corpus, split chronologically: the first {@code 1 - testFraction} of the text trains,
     * the rest tests. The alphabet is that of the whole text (so that every test character has a token).
     */
    public static TextCorpus loadText(DatasetRef ref) {
        ManifestEntry entry = entry(ref.id());
        if (!entry.format().equals("text")) {
            throw new DatasetException("dataset '" + ref.id() + "' (" + entry.format() + ") is not a text corpus");
        }
        ManifestEntry.ManifestFile f = entry.files().get(0);
        int[] codePoints = text(CommittedFiles.read(f), f.name()).codePoints().toArray();
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int c : codePoints) {
            distinct.add(c);
        }
        int[] alphabet = distinct.stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < alphabet.length; i++) {
            index.put(alphabet[i], i);
        }
        int[] tokens = new int[codePoints.length];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = index.get(codePoints[i]);
        }
        checkShape(entry, tokens.length, alphabet.length);
        int nTrain = (int) Math.round(tokens.length * (1 - ref.testFraction()));
        DatasetInfo info = new DatasetInfo(entry.id(), entry.source(), entry.licence(), entry.digest(), List.of(),
                false);
        return new TextCorpus(info, "chronological: first " + nTrain + " characters train, last "
                + (tokens.length - nTrain) + " test", alphabet, java.util.Arrays.copyOfRange(tokens, 0, nTrain),
                java.util.Arrays.copyOfRange(tokens, nTrain, tokens.length));
    }

    /** A daily series (US births), in date order; split and scale it where the task cuts its windows. */
    public static TimeSeries loadSeries(String id) {
        ManifestEntry entry = entry(id);
        if (!entry.format().equals("births-csv")) {
            throw new DatasetException("dataset '" + id + "' (" + entry.format() + ") is not a daily series");
        }
        ManifestEntry.ManifestFile f = entry.files().get(0);
        String[] lines = text(CommittedFiles.read(f), f.name()).split("\n");
        String expectedHeader = "year,month,date_of_month,day_of_week,births";
        if (!lines[0].strip().equals(expectedHeader)) {
            throw new DatasetException(f.name() + " line 1: expected the header '" + expectedHeader + "', found '"
                    + lines[0].strip() + "'");
        }
        List<LocalDate> dates = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] c = lines[i].strip().split(",", -1);
            if (c.length != 5) {
                throw new DatasetException(f.name() + " line " + (i + 1) + ": expected 5 cells, found " + c.length);
            }
            try {
                dates.add(LocalDate.of(SklearnCsv.parseInt(c[0], f.name(), i + 1, "the year"),
                        SklearnCsv.parseInt(c[1], f.name(), i + 1, "the month"),
                        SklearnCsv.parseInt(c[2], f.name(), i + 1, "the day of the month")));
            } catch (DateTimeException e) {
                throw new DatasetException(f.name() + " line " + (i + 1) + ": invalid date: " + e.getMessage());
            }
            values.add((float) SklearnCsv.parseInt(c[4], f.name(), i + 1, "the number of births"));
        }
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        checkShape(entry, v.length, 1);
        DatasetInfo info = new DatasetInfo(entry.id(), entry.source(), entry.licence(), entry.digest(), List.of(),
                false);
        try {
            return new TimeSeries(info, dates, v);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(f.name() + ": " + e.getMessage());
        }
    }

    private static void checkShape(ManifestEntry entry, int samples, int features) {
        if (samples != entry.samples() || features != entry.features()) {
            throw new DatasetException(entry.id() + ": expected " + entry.samples() + " x " + entry.features()
                    + " per the manifest, found " + samples + " x " + features);
        }
    }

    private static float[][] parseSpaceSeparated(String text, String fileName, int width) {
        List<float[]> rows = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].strip().split("\\s+");
            if (cells.length != width) {
                throw new DatasetException(fileName + " line " + (i + 1) + ": expected " + width + " values, found "
                        + cells.length);
            }
            float[] row = new float[width];
            for (int j = 0; j < width; j++) {
                row[j] = SklearnCsv.parseFloat(cells[j], fileName, i + 1, j + 1);
            }
            rows.add(row);
        }
        return rows.toArray(new float[0][]);
    }

    private static float[] column(float[][] t, int[] idx) {
        float[] out = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = t[idx[i]][0];
        }
        return out;
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static String text(byte[] bytes, String fileName) {
        return new String(Bytes.gunzipIfNeeded(bytes, fileName), StandardCharsets.UTF_8);
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        return Bytes.sha256(bytes);
    }

    static void verifySha256(byte[] bytes, String expectedHex, String fileName) {
        Bytes.verifySha256(bytes, expectedHex, fileName);
    }

    private static Map<String, ManifestEntry> readManifest() {
        String name = "data/manifest.json";
        try {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode root = mapper.readTree(CommittedFiles.readResource(name));
            Map<String, ManifestEntry> byId = new LinkedHashMap<>();
            for (JsonNode node : root.path("datasets")) {
                ManifestEntry e = mapper.treeToValue(node, ManifestEntry.class);
                byId.put(e.id(), e);
            }
            return byId;
        } catch (IOException e) {
            throw new DatasetException("dataset manifest " + name + " is malformed: " + e.getMessage(), e);
        }
    }
}
