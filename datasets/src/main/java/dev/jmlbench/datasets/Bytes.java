package dev.jmlbench.datasets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** Checksums and decompression of dataset files. */
final class Bytes {
    private Bytes() {
    }

    /** Hex SHA-256 of {@code bytes}. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
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
                    + actual + "; the file is corrupt or not the one the manifest describes: replace it with that file, or,"
                    + " if you changed the data on purpose, put the new checksum (sha256sum FILE) in the manifest");
        }
    }

    /** Whether {@code bytes} start with the gzip magic number. */
    static boolean isGzip(byte[] bytes) {
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** {@code bytes} decompressed when gzipped, else unchanged. */
    static byte[] gunzipIfNeeded(byte[] bytes, String fileName) {
        if (!isGzip(bytes)) {
            return bytes;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DatasetException(fileName + ": corrupt gzip data: " + e.getMessage(), e);
        }
    }
}
