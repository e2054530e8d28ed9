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
 * The trained parameters of every (task, engine) cell of the quality stage, in the canonical layout, and the
 * fitted state of every classic cell whose engine can save it ({@code Model.saveFitted}), so that each JMH fork
 * times the very model the quality stage trained instead of training again. A fork still measures that model's
 * accuracy itself before timing it.
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

    /**
     * Copies every file of this store into {@code target}'s folder (a re-run or a merge that needs the trained
     * models); nothing when this store's folder does not exist.
     */
    public void copyInto(ModelStore target) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                Path to = target.dir.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** What writes one file's content. */
    private interface Content {
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** Writes {@code target} (in this store's folder) through a temporary file, moved into place when complete. */
    private void writeAtomically(Path target, Content content) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            content.writeTo(out);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file of a cell. */
    public Path file(String task, String engine) {
        return dir.resolve(task + "__" + engine + ".params");
    }

    /** Saves the parameters of a cell, atomically. */
    public void save(String task, String engine, Parameters parameters) throws IOException {
        writeAtomically(file(task, engine), out -> {
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
        });
    }

    /** Marks a fitted-model file ("JMLF"): version, byte count, then the engine's bytes. */
    private static final int FITTED_MAGIC = 0x4a4d4c46;

    /** The fitted-model file of a cell (a classic learner's state, {@code Model.saveFitted}). */
    public Path fittedFile(String task, String engine) {
        return dir.resolve(task + "__" + engine + ".fitted");
    }

    /** Saves a classic cell's fitted model, as its engine wrote it ({@code Model.saveFitted}), atomically. */
    public void saveFitted(String task, String engine, byte[] fitted) throws IOException {
        writeAtomically(fittedFile(task, engine), out -> {
            out.writeInt(FITTED_MAGIC);
            out.writeInt(VERSION);
            out.writeInt(fitted.length);
            out.write(fitted);
        });
    }

    /**
     * A classic cell's saved fitted model, for its engine's {@code Model.restoreFitted}; empty when none was saved.
     *
     * @throws IOException naming the file when it is not a fitted-model file or is truncated
     */
    public Optional<byte[]> loadFitted(String task, String engine) throws IOException {
        Path f = fittedFile(task, engine);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            if (in.readInt() != FITTED_MAGIC || in.readInt() != VERSION) {
                throw new IOException(f + ": not a jmlbench fitted-model file of version " + VERSION);
            }
            int length = in.readInt();
            if (length < 0) {
                throw new IOException(f + ": not a jmlbench fitted-model file (negative length " + length + ")");
            }
            byte[] fitted = new byte[length];
            in.readFully(fitted);
            if (in.read() != -1) {
                throw new IOException(f + ": bytes follow the fitted model of " + length + " bytes");
            }
            return Optional.of(fitted);
        } catch (EOFException e) {
            throw new IOException(f + ": truncated fitted-model file", e);
        }
    }

    /** Saves a cell's test-set probabilities (rows x classes), for the training-parity check across processes. */
    public void saveProbabilities(String task, String engine, float[][] probabilities) throws IOException {
        writeAtomically(dir.resolve(task + "__" + engine + ".probs"), out -> {
            out.writeInt(MAGIC);
            out.writeInt(probabilities.length);
            out.writeInt(probabilities.length == 0 ? 0 : probabilities[0].length);
            for (float[] row : probabilities) {
                for (float v : row) {
                    out.writeFloat(v);
                }
            }
        });
    }

    /** A cell's saved test-set probabilities; empty when none were saved. */
    public Optional<float[][]> loadProbabilities(String task, String engine) throws IOException {
        Path f = dir.resolve(task + "__" + engine + ".probs");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(f + ": not a jmlbench probability file");
            }
            float[][] p = new float[in.readInt()][in.readInt()];
            for (float[] row : p) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = in.readFloat();
                }
            }
            return Optional.of(p);
        } catch (EOFException e) {
            throw new IOException(f + ": truncated probability file", e);
        }
    }

    /** Removes every saved model and probability file, so nothing of an earlier run is mistaken for this one's. */
    public void clear() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
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
