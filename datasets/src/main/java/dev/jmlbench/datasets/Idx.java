package dev.jmlbench.datasets;

import java.nio.ByteBuffer;

/**
 * Reader of the IDX format of MNIST (big-endian): magic {@code 0x00000803} for unsigned-byte images
 * [n, rows, cols], {@code 0x00000801} for unsigned-byte labels [n]. Raw or gzipped bytes are accepted.
 */
final class Idx {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** Images as rows of pixels scaled to [0, 1], with their shape. */
    record Images(float[][] pixels, int rows, int cols) {
    }

    private Idx() {
    }

    /** Reads an image file; pixels are divided by 255. */
    static Images readImages(byte[] data, String fileName) {
        ByteBuffer b = header(Bytes.gunzipIfNeeded(data, fileName), fileName, IMAGES_MAGIC, 16);
        int n = b.getInt();
        int rows = b.getInt();
        int cols = b.getInt();
        if (n < 0 || rows < 1 || cols < 1) {
            throw new DatasetException(fileName + ": invalid image dimensions " + n + " x " + rows + " x " + cols);
        }
        long expected = (long) n * rows * cols;
        if (b.remaining() != expected) {
            throw new DatasetException(fileName + ": " + (b.remaining() < expected ? "truncated" : "too long")
                    + ": expected " + expected + " bytes of pixels for " + n + " images of " + rows + "x" + cols
                    + ", found " + b.remaining());
        }
        float[][] pixels = new float[n][rows * cols];
        for (int i = 0; i < n; i++) {
            float[] row = pixels[i];
            for (int j = 0; j < row.length; j++) {
                row[j] = (b.get() & 0xff) / 255f;
            }
        }
        return new Images(pixels, rows, cols);
    }

    /** Reads a label file. */
    static int[] readLabels(byte[] data, String fileName) {
        ByteBuffer b = header(Bytes.gunzipIfNeeded(data, fileName), fileName, LABELS_MAGIC, 8);
        int n = b.getInt();
        if (n < 0) {
            throw new DatasetException(fileName + ": invalid label count " + n);
        }
        if (b.remaining() != n) {
            throw new DatasetException(fileName + ": " + (b.remaining() < n ? "truncated" : "too long")
                    + ": expected " + n + " label bytes, found " + b.remaining());
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = b.get() & 0xff;
        }
        return labels;
    }

    private static ByteBuffer header(byte[] data, String fileName, int magic, int headerBytes) {
        if (data.length < headerBytes) {
            throw new DatasetException(fileName + ": truncated: " + data.length + " bytes, shorter than the "
                    + headerBytes + "-byte IDX header");
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        int found = b.getInt();
        if (found != magic) {
            throw new DatasetException(fileName + String.format(": wrong IDX magic number 0x%08x, expected 0x%08x"
                    + " (%s)", found, magic, magic == IMAGES_MAGIC ? "unsigned-byte images" : "unsigned-byte labels"));
        }
        return b;
    }
}
