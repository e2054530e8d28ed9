package dev.jmlbench.suites.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jmlbench.core.results.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the safetensors format (Hugging Face; the layout is restated in docs/EXPORT.md): an unsigned 64-bit
 * little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON (padded with spaces to a multiple of 8 so that
 * the data is aligned), then the tensors' raw little-endian bytes back to back. The header maps each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the first data byte) and holds a
 * {@code "__metadata__"} map of strings. Tensors are written in the order they are added, without gaps, as the format
 * requires. Only {@code F32} and {@code I64} are needed here.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(String name, String dtype, long[] shape, byte[] data) {
    }

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<Entry> entries = new ArrayList<>();

    /** Adds a metadata string. */
    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a float32 tensor of {@code shape} holding {@code values} row-major. */
    public SafetensorsWriter f32(String name, long[] shape, float[] values) {
        check(name, shape, values.length);
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        entries.add(new Entry(name, "F32", shape.clone(), b.array()));
        return this;
    }

    /** Adds a float32 matrix {@code [rows, ...rowShape]}: every row must hold the product of {@code rowShape} values. */
    public SafetensorsWriter f32Rows(String name, List<Integer> rowShape, float[][] rows) {
        long[] shape = new long[rowShape.size() + 1];
        shape[0] = rows.length;
        int width = 1;
        for (int i = 0; i < rowShape.size(); i++) {
            shape[i + 1] = rowShape.get(i);
            width *= rowShape.get(i);
        }
        float[] flat = new float[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != width) {
                throw new IllegalArgumentException(name + ": row " + r + " has " + rows[r].length + " values, shape "
                        + rowShape + " needs " + width);
            }
            System.arraycopy(rows[r], 0, flat, r * width, width);
        }
        return f32(name, shape, flat);
    }

    /** Adds a signed 64-bit integer vector. */
    public SafetensorsWriter i64(String name, long[] values) {
        check(name, new long[] {values.length}, values.length);
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        entries.add(new Entry(name, "I64", new long[] {values.length}, b.array()));
        return this;
    }

    private void check(String name, long[] shape, int count) {
        if (name.equals("__metadata__") || entries.stream().anyMatch(e -> e.name().equals(name))) {
            throw new IllegalArgumentException("tensor name '" + name + "' is reserved or already used");
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != count) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + count);
        }
    }

    /** Number of tensors added so far. */
    public int tensorCount() {
        return entries.size();
    }

    /** The whole file. */
    public byte[] toBytes() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        long offset = 0;
        for (Entry e : entries) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", e.dtype());
            t.put("shape", e.shape());
            t.put("data_offsets", new long[] {offset, offset + e.data().length});
            header.put(e.name(), t);
            offset += e.data().length;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + padded + (int) offset);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(json);
        byte[] spaces = new byte[padded - json.length];
        Arrays.fill(spaces, (byte) ' ');
        out.writeBytes(spaces);
        for (Entry e : entries) {
            out.writeBytes(e.data());
        }
        return out.toByteArray();
    }

    /** Writes the file atomically (a reader never sees half of it). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, toBytes());
    }
}
