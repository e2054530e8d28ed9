package dev.jmlbench.core.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which catalogue folders a run reads: the user's folders named by {@code -Djmlbench.catalogue=DIR[,DIR...]} (the
 * CLI's {@code --catalogue}), beside the built-in catalogue unless {@code -Djmlbench.catalogue.builtIn=false}
 * ({@code --no-built-in}). A catalogue folder holds {@code tasks/} (task specs, optionally {@code index.txt} with
 * their order and size tiers and {@code groups.json} with study membership) and {@code data/} ({@code
 * manifest.json} and the files it names); the built-in catalogue is the same layout on the class path.
 */
public final class CatalogueFolders {
    /** System property naming the user's catalogue folders, comma-separated. */
    public static final String PROPERTY = "jmlbench.catalogue";
    /** System property: {@code false} leaves the built-in catalogue out. */
    public static final String BUILT_IN_PROPERTY = "jmlbench.catalogue.builtIn";

    private CatalogueFolders() {
    }

    /**
     * The user's catalogue folders, as absolute paths, in the order given.
     *
     * @throws IllegalArgumentException when a named folder does not exist
     */
    public static List<Path> folders() {
        String value = System.getProperty(PROPERTY, "");
        List<Path> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Path dir = Path.of(part.strip()).toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("catalogue folder " + dir + " does not exist; give a folder with"
                        + " tasks/ (task specs) and data/ (manifest.json and its files), e.g. examples/own-task");
            }
            out.add(dir);
        }
        return List.copyOf(out);
    }

    /** Whether the built-in catalogue is part of the run (default true). */
    public static boolean builtInIncluded() {
        return !"false".equalsIgnoreCase(System.getProperty(BUILT_IN_PROPERTY, "true").strip());
    }

    /**
     * Makes {@code folders} (and the built-in catalogue or not) the catalogue of this JVM and of the child JVMs it
     * starts through {@link #jvmFlags()}.
     */
    public static void use(List<Path> folders, boolean builtIn) {
        List<String> paths = folders.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        for (String p : paths) {
            if (p.contains(",")) {
                throw new IllegalArgumentException("catalogue folder " + p + " has a comma in its path; rename it");
            }
        }
        System.setProperty(PROPERTY, String.join(",", paths));
        System.setProperty(BUILT_IN_PROPERTY, Boolean.toString(builtIn));
        folders(); // a folder that does not exist: one clear error now, not later
    }

    /** The JVM flags that give a child JVM this JVM's catalogue. */
    public static List<String> jvmFlags() {
        return List.of("-D" + PROPERTY + "=" + System.getProperty(PROPERTY, ""),
                "-D" + BUILT_IN_PROPERTY + "=" + builtInIncluded());
    }

    /**
     * A value made from the current selection of folders (as {@link #folders()} and {@link #builtInIncluded()}
     * give it) and made again only when the selection changes: the active task catalogue and dataset catalogue.
     */
    public static final class PerSelection<T> {
        private final java.util.function.BiFunction<List<Path>, Boolean, T> make;
        private String key;
        private T value;

        public PerSelection(java.util.function.BiFunction<List<Path>, Boolean, T> make) {
            this.make = make;
        }

        /** The value for the current selection. */
        public synchronized T get() {
            List<Path> dirs = folders();
            boolean withBuiltIn = builtInIncluded();
            String k = dirs + "|" + withBuiltIn;
            if (!k.equals(key)) {
                value = make.apply(dirs, withBuiltIn);
                key = k;
            }
            return value;
        }
    }
}
