package dev.jmlbench.core.engine;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The header every engine's fitted-model bytes ({@link Model#saveFitted}) start with: the engine's format marker, its
 * version and the algorithm's display name, so that {@link Model#restoreFitted} refuses another engine's bytes or
 * another algorithm's model with a message for people before reading the model itself.
 */
public final class FittedHeader {
    private FittedHeader() {
    }

    /** A stream over {@code out} with the header written: the engine's {@code magic}, {@code version}, algorithm. */
    public static DataOutputStream write(OutputStream out, int magic, int version, String algorithm)
            throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(magic);
        data.writeInt(version);
        data.writeUTF(algorithm);
        return data;
    }

    /**
     * A stream over {@code fitted} past its header, which must be {@code magic}, {@code version} and {@code algorithm}.
     *
     * @param what   the model being restored, for messages ("the fitted random forest of task ...")
     * @param format whose format {@code magic} marks, for messages ("the reference engine's fitted model")
     * @throws IllegalArgumentException when the header is another format, version or algorithm, or the bytes end in
     *                                  it, saying which
     */
    public static DataInputStream read(byte[] fitted, int magic, int version, String algorithm, String what,
                                       String format) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(fitted));
        try {
            if (in.readInt() != magic || in.readInt() != version) {
                throw new IllegalArgumentException(what + " cannot be restored: the bytes are not " + format
                        + " of version " + version);
            }
            String name = in.readUTF();
            if (!name.equals(algorithm)) {
                throw new IllegalArgumentException(what + " cannot be restored from a fitted " + name);
            }
            return in;
        } catch (IOException e) {
            throw unreadable(what, e);
        }
    }

    /** The refusal of bytes that could not be read past their header: truncated, or inconsistent as {@code e} says. */
    public static IllegalArgumentException unreadable(String what, IOException e) {
        return new IllegalArgumentException(what + " cannot be restored: " + (e instanceof EOFException
                ? "the bytes end inside the model (truncated)" : e.getMessage()), e);
    }
}
