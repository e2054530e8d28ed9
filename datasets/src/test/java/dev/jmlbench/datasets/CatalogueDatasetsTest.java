package dev.jmlbench.datasets;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.task.CatalogueFolders;
import dev.jmlbench.core.task.DatasetRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Datasets of a user's catalogue folder, read by format from their origin; every way of getting it wrong is one
 * clear error, and a dataset is never replaced by another. The data here is made up for the tests and says so.
 */
class CatalogueDatasetsTest {

    /** Twelve made-up rows: two features, a named class, a missing cell on one row. */
    private static final String CSV = """
            a,b,kind
            1.0,2.0,red
            1.5,2.5,red
            1.2,2.1,red
            1.1,2.2,red
            1.3,NA,red
            1.4,2.4,red
            5.0,6.0,blue
            5.5,6.5,blue
            5.2,6.1,blue
            5.1,6.2,blue
            5.3,6.3,blue
            5.4,6.4,blue
            """;

    @Test
    void delimitedFileWithNamedLabelColumnAndMissingCellsDropped(@TempDir Path dir) throws IOException {
        write(dir, "rows.csv", CSV.getBytes(StandardCharsets.UTF_8));
        manifest(dir, entry("made-up", "delimited", 11, 2, "[\"red\",\"blue\"]",
                "{\"label\":\"kind\",\"target\":\"class\",\"missing\":[\"NA\"],\"dropMissing\":true}", null,
                file(dir.resolve("data"), "rows.csv", null)));
        TrainTestData d = inCatalogue(dir, () -> Datasets.load(new DatasetRef("made-up", 0.25, 1)));
        assertEquals(11, d.train().size() + d.test().size());
        assertEquals(List.of("red", "blue"), d.info().classNames());
        assertEquals(2, d.train().numFeatures());
        assertEquals(Datasets.sha256(CSV.getBytes(StandardCharsets.UTF_8)), d.info().sha256());
    }

    @Test
    void missingCellIsRefusedUnlessRowsMayBeDropped(@TempDir Path dir) throws IOException {
        write(dir, "rows.csv", CSV.getBytes(StandardCharsets.UTF_8));
        manifest(dir, entry("made-up", "delimited", 11, 2, "[\"red\",\"blue\"]",
                "{\"label\":\"kind\",\"target\":\"class\",\"missing\":[\"NA\"]}", null, file(dir.resolve("data"), "rows.csv", null)));
        DatasetException e = assertThrows(DatasetException.class,
                () -> inCatalogue(dir, () -> Datasets.load(new DatasetRef("made-up", 0.25, 1))));
        assertTrue(e.getMessage().contains("rows.csv line 6: column 'b' has the missing value 'NA'"), e.getMessage());
        assertTrue(e.getMessage().contains("\"dropMissing\": true"), e.getMessage());
    }

    @Test
    void numberedLabelColumnWithoutHeaderAndSemicolons(@TempDir Path dir) throws IOException {
        String text = "0;1.0;2.0\n0;1.1;2.1\n1;5.0;6.0\n1;5.1;6.1\n0;1.2;2.2\n1;5.2;6.2\n";
        write(dir, "rows.txt", text.getBytes(StandardCharsets.UTF_8));
        manifest(dir, entry("numbered", "delimited", 6, 2, "[\"low\",\"high\"]",
                "{\"separator\":\";\",\"header\":\"none\",\"label\":0,\"target\":\"class\"}", null,
                file(dir.resolve("data"), "rows.txt", null)));
        TrainTestData d = inCatalogue(dir, () -> Datasets.load(new DatasetRef("numbered", 0.34, 1)));
        assertEquals(6, d.train().size() + d.test().size());
        assertEquals(2, d.train().numClasses());
    }

    @Test
    void idxImagesRawAndGzippedFromAFolderOfTheUsers(@TempDir Path dir, @TempDir Path elsewhere) throws IOException {
        write(elsewhere, "train-images", idx(Idx.IMAGES_MAGIC, new int[] {4, 2, 2}, 16));
        write(elsewhere, "train-labels.gz", gzip(idx(Idx.LABELS_MAGIC, new int[] {4}, 0, 1, 0, 1)));
        write(elsewhere, "test-images.gz", gzip(idx(Idx.IMAGES_MAGIC, new int[] {2, 2, 2}, 8)));
        write(elsewhere, "test-labels", idx(Idx.LABELS_MAGIC, new int[] {2}, 1, 0));
        manifest(dir, entry("tiny-images", "idx", 6, 4, "[\"zero\",\"one\"]", null,
                "{\"kind\":\"path\",\"dir\":\"" + elsewhere + "\"}",
                file(elsewhere, "train-images", "train-images") + "," + file(elsewhere, "train-labels.gz", "train-labels")
                        + "," + file(elsewhere, "test-images.gz", "test-images") + ","
                        + file(elsewhere, "test-labels", "test-labels")));
        TrainTestData d = inCatalogue(dir, () -> Datasets.load(new DatasetRef("tiny-images", 0.2, 1)));
        assertEquals(4, d.train().size());
        assertEquals(2, d.test().size());
        assertArrayEquals(new int[] {1, 1}, d.test().classCounts());
        assertTrue(d.split().contains("own split: 4 training, 2 test"), d.split());
    }

    /**
     * The failure of issue 15: a manifest entry with another id and format idx, and a task naming it, trained on
     * MNIST. Its own files are not there, so it fails and says which file is missing; MNIST is never read.
     */
    @Test
    void anIdxDatasetWhoseFilesAreMissingIsRefusedNeverReplacedByAnother(@TempDir Path dir) throws IOException {
        String sha = "0".repeat(64);
        String digits = "[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]";
        manifest(dir, entry("fashion", "idx", 70000, 784, digits,
                null, null, "{\"name\":\"a-images\",\"sha256\":\"" + sha + "\",\"role\":\"train-images\"},"
                        + "{\"name\":\"a-labels\",\"sha256\":\"" + sha + "\",\"role\":\"train-labels\"},"
                        + "{\"name\":\"b-images\",\"sha256\":\"" + sha + "\",\"role\":\"test-images\"},"
                        + "{\"name\":\"b-labels\",\"sha256\":\"" + sha + "\",\"role\":\"test-labels\"}"));
        DatasetException e = assertThrows(DatasetException.class,
                () -> inCatalogue(dir, () -> Datasets.load(new DatasetRef("fashion", 0.2, 1))));
        assertFalse(e instanceof DatasetUnavailableException, "a missing local file fails; it is not skipped");
        assertTrue(e.getMessage().contains("dataset 'fashion': file " + dir.resolve("data").resolve("a-images")
                + " is missing; put the file there"), e.getMessage());
        assertFalse(e.getMessage().toLowerCase().contains("mnist"), e.getMessage());
    }

    @Test
    void checksumIsVerifiedBeforeParsing(@TempDir Path dir) throws IOException {
        write(dir, "rows.csv", CSV.getBytes(StandardCharsets.UTF_8));
        manifest(dir, entry("made-up", "delimited", 11, 2, "[\"red\",\"blue\"]",
                "{\"label\":\"kind\",\"target\":\"class\",\"missing\":[\"NA\"],\"dropMissing\":true}", null,
                "{\"name\":\"rows.csv\",\"sha256\":\"" + "ab".repeat(32) + "\"}"));
        DatasetException e = assertThrows(DatasetException.class,
                () -> inCatalogue(dir, () -> Datasets.load(new DatasetRef("made-up", 0.25, 1))));
        assertTrue(e.getMessage().contains("rows.csv: SHA-256 mismatch: expected " + "ab".repeat(32)), e.getMessage());
    }

    @Test
    void unknownFormatOriginOrFieldIsOneClearErrorWhenTheManifestIsRead(@TempDir Path dir) throws IOException {
        String f = "{\"name\":\"x.csv\",\"sha256\":\"" + "0".repeat(64) + "\"}";
        assertManifestError(dir, entry("d", "parquet", 1, 1, null, null, null, f),
                "datasets[0] ('d'): field 'format': unknown format 'parquet'; known formats: delimited, idx, text, series");
        assertManifestError(dir, entry("d", "text", 1, 1, null, null, "{\"kind\":\"http\"}", f),
                "field 'origin.kind': unknown origin 'http'; known origins: catalogue, path, npm");
        assertManifestError(dir, entry("d", "text", 1, 1, null, null, null, f).replace("\"format\"", "\"colour\":1,\"format\""),
                "field 'colour': unknown field");
        assertManifestError(dir, entry("d", "delimited", 1, 1, null, "{\"target\":\"class\"}", null, f),
                "field 'read.label': required");
        assertManifestError(dir, entry("d", "delimited", 1, 1, null, "{\"target\":\"class\",\"label\":0}", null, f),
                "field 'classNames': required for classification data");
    }

    @Test
    void aUserDatasetMayNotReuseABuiltInId(@TempDir Path dir) throws IOException {
        write(dir, "rows.csv", CSV.getBytes(StandardCharsets.UTF_8));
        manifest(dir, entry("iris", "delimited", 11, 2, "[\"red\",\"blue\"]",
                "{\"label\":\"kind\",\"target\":\"class\",\"missing\":[\"NA\"],\"dropMissing\":true}", null,
                file(dir.resolve("data"), "rows.csv", null)));
        DatasetException e = assertThrows(DatasetException.class,
                () -> inCatalogue(dir, () -> Datasets.load(new DatasetRef("iris", 0.25, 1))));
        assertTrue(e.getMessage().contains("dataset 'iris' is already defined in dev/jmlbench/datasets/data/"
                + "manifest.json; give yours another id"), e.getMessage());
    }

    private static void assertManifestError(Path dir, String entry, String expected) throws IOException {
        manifest(dir, entry);
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetCatalogue.of(List.of(dir), true));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("data").resolve("manifest.json").toString()), e.getMessage());
    }

    static <T> T inCatalogue(Path dir, Supplier<T> body) {
        String before = System.getProperty(CatalogueFolders.PROPERTY);
        System.setProperty(CatalogueFolders.PROPERTY, dir.toString());
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(CatalogueFolders.PROPERTY);
            } else {
                System.setProperty(CatalogueFolders.PROPERTY, before);
            }
        }
    }

    private static String entry(String id, String format, int samples, int features, String classNames, String read,
                                String origin, String files) {
        return "{\"id\":\"" + id + "\",\"format\":\"" + format + "\",\"description\":\"made up for a test\","
                + "\"source\":\"synthetic: written by hand for this test\",\"licence\":\"CC0-1.0\",\"samples\":"
                + samples + ",\"features\":" + features + (classNames != null ? ",\"classNames\":" + classNames : "")
                + (read != null ? ",\"read\":" + read : "") + (origin != null ? ",\"origin\":" + origin : "")
                + ",\"files\":[" + files + "]}";
    }

    private static String file(Path dir, String name, String role) throws IOException {
        return "{\"name\":\"" + name + "\",\"sha256\":\"" + Datasets.sha256(Files.readAllBytes(dir.resolve(name)))
                + "\"" + (role != null ? ",\"role\":\"" + role + "\"" : "") + "}";
    }

    private static void manifest(Path dir, String entry) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data").resolve("manifest.json"), "{\"datasets\":[" + entry + "]}");
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Path target = dir.resolve("data");
        if (name.startsWith("train-") || name.startsWith("test-")) {
            target = dir;
        }
        Files.createDirectories(target);
        Files.write(target.resolve(name), bytes);
    }

    private static byte[] idx(int magic, int[] dims, int... payload) {
        int n = payload.length == 1 && dims.length > 1 ? payload[0] : payload.length;
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + n);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int i = 0; i < n; i++) {
            b.put((byte) (payload.length == 1 && dims.length > 1 ? i * 37 : payload[i]));
        }
        return b.array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
