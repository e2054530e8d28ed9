package dev.jmlbench.datasets;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.data.RegressionSplit;
import dev.jmlbench.core.data.TextCorpus;
import dev.jmlbench.core.data.TimeSeries;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.task.DatasetRef;

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
 * Entry point: loads a dataset by id from the run's catalogue ({@link DatasetCatalogue#active()}), verifies its
 * checksums, reads it by its format, splits it deterministically and prepares its features. One method per kind of
 * data: {@link #load} (classification), {@link #loadRegression}, {@link #loadText} (character-level corpus) and
 * {@link #loadSeries} (dated series). A dataset whose format does not give the asked kind is refused: a task runs
 * on the data it names or not at all.
 */
public final class Datasets {

    private Datasets() {
    }

    /** Ids of all datasets of the run's catalogue, in manifest order. */
    public static List<String> ids() {
        return DatasetCatalogue.active().ids();
    }

    /** The manifest entry of {@code id}. */
    public static ManifestEntry entry(String id) {
        return DatasetCatalogue.active().entry(id);
    }

    /**
     * A classification dataset: delimited data with target {@code class} gets a stratified, seeded split as
     * {@code ref} says, its features standardised with the training part's statistics alone; IDX data keeps its own
     * train and test split (the reference's test fraction is not used), pixels divided by 255.
     *
     * @throws DatasetUnavailableException when a fetched dataset is not in the cache (the message has the command)
     * @throws DatasetException            for an unknown id, a missing file, a checksum mismatch, malformed content,
     *                                     or a dataset that is not a classification dataset
     */
    public static TrainTestData load(DatasetRef ref) {
        DatasetCatalogue.Located d = DatasetCatalogue.active().located(ref.id());
        ManifestEntry entry = d.entry();
        if (entry.format().equals(ManifestEntry.IDX)) {
            return idx(entry, DataFiles.read(d));
        }
        if (!entry.format().equals(ManifestEntry.DELIMITED) || !entry.read().target().equals(ManifestEntry.TARGET_CLASS)) {
            throw new DatasetException("dataset '" + ref.id() + "' (" + describe(entry) + ") is not a classification"
                    + " dataset; a task with a classification target needs format delimited with target 'class', or"
                    + " idx");
        }
        Delimited.Table table = Delimited.read(entry, DataFiles.read(d));
        int[] labels = classes(entry, table.labels());
        checkShape(entry, labels.length, table.features()[0].length);
        checkClassCounts(entry, labels);
        return split(table.features(), labels, entry, ref);
    }

    static TrainTestData split(float[][] features, int[] labels, ManifestEntry entry, DatasetRef ref) {
        int numClasses = entry.classNames().size();
        Splits.Indices idx = Splits.stratified(labels, numClasses, ref.testFraction(), ref.splitSeed());
        float[][] trainX = Splits.select(features, idx.train());
        float[][] testX = Splits.select(features, idx.test());
        Splits.standardize(trainX, testX);
        DatasetInfo info = new DatasetInfo(entry.id(), entry.source(), entry.licence(), entry.digest(),
                entry.classNames(), false);
        return new TrainTestData(info, ref.splitDescription(),
                "each feature standardised with the training part's mean and standard deviation",
                new LabeledData(trainX, Splits.select(labels, idx.train()), numClasses),
                new LabeledData(testX, Splits.select(labels, idx.test()), numClasses));
    }

    /** IDX images and labels in the dataset's own split, pixels divided by 255. */
    private static TrainTestData idx(ManifestEntry entry, Map<String, byte[]> files) {
        LabeledData train = idxPart(entry, files, "train");
        LabeledData test = idxPart(entry, files, "test");
        int[] all = new int[train.size() + test.size()];
        System.arraycopy(train.labels(), 0, all, 0, train.size());
        System.arraycopy(test.labels(), 0, all, train.size(), test.size());
        checkShape(entry, all.length, train.features()[0].length);
        checkClassCounts(entry, all);
        DatasetInfo info = new DatasetInfo(entry.id(), entry.source(), entry.licence(), entry.digest(),
                entry.classNames(), false);
        return new TrainTestData(info, "the dataset's own split: " + train.size() + " training, " + test.size()
                + " test images (file order)", "pixels divided by 255 (a fixed scaling, nothing fitted)", train, test);
    }

    private static LabeledData idxPart(ManifestEntry entry, Map<String, byte[]> files, String part) {
        ManifestEntry.ManifestFile imagesFile = entry.filesWithRole(part + "-images").get(0);
        ManifestEntry.ManifestFile labelsFile = entry.filesWithRole(part + "-labels").get(0);
        Idx.Images images = Idx.readImages(files.get(imagesFile.name()), imagesFile.name());
        int[] labels = Idx.readLabels(files.get(labelsFile.name()), labelsFile.name());
        if (images.pixels().length != labels.length) {
            throw new DatasetException(entry.id() + " " + part + ": " + images.pixels().length + " images but "
                    + labels.length + " labels");
        }
        int k = entry.classNames().size();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= k) {
                throw new DatasetException(labelsFile.name() + ": label " + labels[i] + " of example " + i
                        + " is outside the " + k + " classes of classNames");
            }
        }
        return new LabeledData(images.pixels(), labels, k);
    }

    /**
     * A regression dataset: delimited data with target {@code value}; a seeded random split, features standardised
     * with the training part's statistics, targets in their original units.
     */
    public static RegressionSplit loadRegression(DatasetRef ref) {
        DatasetCatalogue.Located d = DatasetCatalogue.active().located(ref.id());
        ManifestEntry entry = d.entry();
        if (!entry.format().equals(ManifestEntry.DELIMITED) || !entry.read().target().equals(ManifestEntry.TARGET_VALUE)) {
            throw new DatasetException("dataset '" + ref.id() + "' (" + describe(entry) + ") is not a regression"
                    + " dataset; a task with a regression target needs format delimited with target 'value'");
        }
        Delimited.Table table = Delimited.read(entry, DataFiles.read(d));
        float[][] x = table.features();
        float[] t = new float[table.labels().length];
        for (int i = 0; i < t.length; i++) {
            t[i] = Delimited.parseFloat(table.labels()[i], entry.id(), i + 1, "(the target)");
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
                new RegressionData(trainX, select(t, trainIdx)), new RegressionData(testX, select(t, testIdx)));
    }

    /**
     * A character-level corpus, split chronologically: the first {@code 1 - testFraction} of the text trains,
     * the rest tests. The alphabet is that of the whole text (so that every test character has a token).
     */
    public static TextCorpus loadText(DatasetRef ref) {
        DatasetCatalogue.Located d = DatasetCatalogue.active().located(ref.id());
        ManifestEntry entry = d.entry();
        if (!entry.format().equals(ManifestEntry.TEXT)) {
            throw new DatasetException("dataset '" + ref.id() + "' (" + describe(entry) + ") is not a text corpus;"
                    + " a task that reads characters needs format text");
        }
        ManifestEntry.ManifestFile f = entry.files().get(0);
        int[] codePoints = text(DataFiles.read(d).get(f.name()), f.name()).codePoints().toArray();
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

    /** A dated series, in date order; split and scale it where the task cuts its windows. */
    public static TimeSeries loadSeries(String id) {
        DatasetCatalogue.Located d = DatasetCatalogue.active().located(id);
        ManifestEntry entry = d.entry();
        if (!entry.format().equals(ManifestEntry.SERIES)) {
            throw new DatasetException("dataset '" + id + "' (" + describe(entry) + ") is not a dated series; a task"
                    + " that forecasts a series needs format series");
        }
        ManifestEntry.ManifestFile f = entry.files().get(0);
        ManifestEntry.Read r = entry.read();
        Delimited.Rows rows = Delimited.rows(DataFiles.read(d).get(f.name()), f.name(), r.separatorChar(), "names");
        int width = rows.header().size();
        List<Integer> dateColumns = new ArrayList<>();
        for (String c : r.date()) {
            dateColumns.add(Delimited.column(c, rows.header(), width, f.name(), "read.date"));
        }
        int valueColumn = Delimited.column(r.value(), rows.header(), width, f.name(), "read.value");
        List<LocalDate> dates = new ArrayList<>();
        float[] v = new float[rows.cells().size()];
        for (int i = 0; i < v.length; i++) {
            List<String> c = rows.cells().get(i);
            long line = rows.lines().get(i);
            if (c.size() != width) {
                throw new DatasetException(f.name() + " line " + line + ": expected " + width + " cells, found "
                        + c.size());
            }
            try {
                dates.add(dateColumns.size() == 1 ? LocalDate.parse(c.get(dateColumns.get(0)))
                        : LocalDate.of(Delimited.parseInt(c.get(dateColumns.get(0)), f.name(), line, "the year"),
                        Delimited.parseInt(c.get(dateColumns.get(1)), f.name(), line, "the month"),
                        Delimited.parseInt(c.get(dateColumns.get(2)), f.name(), line, "the day of the month")));
            } catch (DateTimeException e) {
                throw new DatasetException(f.name() + " line " + line + ": invalid date: " + e.getMessage());
            }
            v[i] = Delimited.parseFloat(c.get(valueColumn), f.name(), line, "'" + r.value() + "'");
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

    private static String describe(ManifestEntry e) {
        return "format " + e.format() + (e.format().equals(ManifestEntry.DELIMITED) ? ", target " + e.read().target()
                : "");
    }

    /** The class index of every label cell: a class name of the entry, or a class number. */
    private static int[] classes(ManifestEntry entry, String[] cells) {
        List<String> names = entry.classNames();
        Map<String, Integer> byName = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            byName.put(names.get(i), i);
        }
        int[] out = new int[cells.length];
        for (int i = 0; i < cells.length; i++) {
            Integer k = byName.get(cells[i]);
            if (k == null && cells[i].matches("\\d+")) {
                int n = Integer.parseInt(cells[i]);
                k = n < names.size() ? n : null;
            }
            if (k == null) {
                throw new DatasetException("dataset '" + entry.id() + "', example " + (i + 1) + ": label '" + cells[i]
                        + "' is neither one of the classNames " + names + " nor a class number below " + names.size());
            }
            out[i] = k;
        }
        return out;
    }

    private static void checkClassCounts(ManifestEntry entry, int[] labels) {
        if (entry.classCounts() == null) {
            return;
        }
        int[] counts = new int[entry.classNames().size()];
        for (int l : labels) {
            counts[l]++;
        }
        List<Integer> found = java.util.Arrays.stream(counts).boxed().toList();
        if (!found.equals(entry.classCounts())) {
            throw new DatasetException(entry.id() + ": expected the class counts " + entry.classCounts()
                    + " per the manifest, found " + found);
        }
    }

    private static void checkShape(ManifestEntry entry, int samples, int features) {
        if (samples != entry.samples() || features != entry.features()) {
            throw new DatasetException(entry.id() + ": expected " + entry.samples() + " x " + entry.features()
                    + " per the manifest, found " + samples + " x " + features);
        }
    }

    private static float[] select(float[] t, int[] idx) {
        float[] out = new float[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = t[idx[i]];
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
}
