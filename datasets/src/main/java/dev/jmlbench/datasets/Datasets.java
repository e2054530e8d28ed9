package dev.jmlbench.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.task.DatasetRef;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point: loads a dataset by id, verifies its checksum, splits it and scales its features. */
public final class Datasets {
    private static final String DATA_DIR = "data/";
    private static final Map<String, ManifestEntry> MANIFEST = readManifest();

    private Datasets() {
    }

    /** Ids of the committed datasets, in manifest order. */
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
     * Loads the dataset of {@code ref}, checks its SHA-256 against the manifest, splits it as the reference
     * says (stratified, seeded) and standardises the features with statistics of the training part only.
     *
     * @throws DatasetException for an unknown id, a missing file, a checksum mismatch or malformed content
     */
    public static TrainTestData load(DatasetRef ref) {
        ManifestEntry entry = entry(ref.id());
        byte[] bytes = readResource(DATA_DIR + entry.file());
        verifySha256(bytes, entry.sha256(), entry.file());
        SklearnCsv.Table table = SklearnCsv.parse(new String(bytes, StandardCharsets.UTF_8), entry.file());
        if (table.labels().length != entry.samples() || table.features()[0].length != entry.features()) {
            throw new DatasetException(entry.file() + ": expected " + entry.samples() + " x " + entry.features()
                    + " per the manifest, found " + table.labels().length + " x " + table.features()[0].length);
        }
        return split(table, entry, ref);
    }

    static TrainTestData split(SklearnCsv.Table table, ManifestEntry entry, DatasetRef ref) {
        int numClasses = table.classNames().size();
        Splits.Indices idx = Splits.stratified(table.labels(), numClasses, ref.testFraction(), ref.splitSeed());
        float[][] trainX = Splits.select(table.features(), idx.train());
        float[][] testX = Splits.select(table.features(), idx.test());
        Splits.standardize(trainX, testX);
        DatasetInfo info = new DatasetInfo(entry.id(), entry.source(), entry.licence(), entry.sha256(),
                table.classNames(), false);
        return new TrainTestData(info, ref.splitDescription(),
                "each feature standardised with the training part's mean and standard deviation",
                new LabeledData(trainX, Splits.select(table.labels(), idx.train()), numClasses),
                new LabeledData(testX, Splits.select(table.labels(), idx.test()), numClasses));
    }

    /**
     * Checks {@code bytes} against {@code expectedHex}.
     *
     * @throws DatasetException naming the file and both checksums on a mismatch
     */
    static void verifySha256(byte[] bytes, String expectedHex, String fileName) {
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(expectedHex)) {
            throw new DatasetException(fileName + ": SHA-256 mismatch: expected " + expectedHex + ", found "
                    + actual + "; the file is corrupt or not the published one");
        }
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static byte[] readResource(String name) {
        try (InputStream in = Datasets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new DatasetException("dataset file " + name + " is missing from the class path (module"
                        + " jmlbench-datasets, folder dev/jmlbench/datasets/" + name + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DatasetException("cannot read dataset file " + name + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, ManifestEntry> readManifest() {
        String name = DATA_DIR + "manifest.json";
        try {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode root = mapper.readTree(readResource(name));
            List<ManifestEntry> entries = new ArrayList<>();
            for (JsonNode node : root.path("datasets")) {
                entries.add(mapper.treeToValue(node, ManifestEntry.class));
            }
            Map<String, ManifestEntry> byId = new LinkedHashMap<>();
            entries.forEach(e -> byId.put(e.id(), e));
            return byId;
        } catch (IOException e) {
            throw new DatasetException("dataset manifest " + name + " is malformed: " + e.getMessage(), e);
        }
    }
}
