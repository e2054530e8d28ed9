package dev.jmlbench.suites.harness;

import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The trained parameters of every (task, engine) cell of the quality stage, in the canonical layout, so that
 * each JMH fork times the very model the quality stage trained instead of training again. A fork still measures
 * that model's accuracy itself before timing it.
 *
 * <p>Format: magic {@code JMLP}, version 1, parameter count, then per parameter its UTF name, rank, dimensions
 * and float32 values, big-endian.
 */
public final class ModelStore {
    private static final int MAGIC = 0x4a4d4c50; // "JMLP"
    private static final int VERSION = 1;
    private final Path dir;

    public ModelStore(Path dir) {
        this.dir = dir;
    }

    /** The file of a cell. */
    public Path file(String task, String engine) {
        return dir.resolve(task + "__" + engine + ".params");
    }

    /** Saves the parameters of a cell, atomically. */
    public void save(String task, String engine, Parameters parameters) throws IOException {
        Files.createDirectories(dir);
        Path target = file(task, engine);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(parameters.tensors().size());
            for (Map.Entry<String, Tensor> e : parameters.tensors().entrySet()) {
                out.writeUTF(e.getKey());
                int[] shape = e.getValue().shape();
                out.writeInt(shape.length);
                for (int d : shape) {
                    out.writeInt(d);
                }
                for (float v : e.getValue().data()) {
                    out.writeFloat(v);
                }
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The saved parameters of a cell; empty when none were saved.
     *
     * @throws IOException naming the file when it is corrupt or truncated
     */
    public Optional<Parameters> load(String task, String engine) throws IOException {
        Path f = file(task, engine);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException(f + ": not a jmlbench parameter file of version " + VERSION);
            }
            int count = in.readInt();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int[] shape = new int[in.readInt()];
                long size = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readInt();
                    size *= shape[d];
                }
                float[] values = new float[Math.toIntExact(size)];
                for (int j = 0; j < values.length; j++) {
                    values[j] = in.readFloat();
                }
                tensors.put(name, new Tensor(shape, values));
            }
            return Optional.of(new Parameters(tensors));
        } catch (EOFException e) {
            throw new IOException(f + ": truncated parameter file", e);
        }
    }
}
