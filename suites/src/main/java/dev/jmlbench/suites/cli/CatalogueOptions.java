package dev.jmlbench.suites.cli;

import dev.jmlbench.core.task.CatalogueFolders;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * The options that choose the run's catalogue, shared by every command that reads tasks or datasets: the user's
 * folders ({@code --catalogue}, {@code -Djmlbench.catalogue}) beside the built-in catalogue, or instead of it
 * ({@code --no-built-in}, {@code -Djmlbench.catalogue.builtIn=false}).
 */
final class CatalogueOptions {
    @Option(names = "--catalogue", split = ",", paramLabel = "DIR", description = "your catalogue folder(s), with"
            + " tasks/ (task specs) and data/ (manifest.json and its files), beside the built-in catalogue; when"
            + " given, the tasks run by default are those of these folders (default: ${DEFAULT-VALUE})",
            defaultValue = "${sys:jmlbench.catalogue:-}")
    List<String> folders;

    @Option(names = "--built-in", negatable = true, fallbackValue = "true", description = "include the built-in"
            + " catalogue (default: ${DEFAULT-VALUE}; --no-built-in: only your folders)",
            defaultValue = "${sys:jmlbench.catalogue.builtIn:-true}")
    boolean builtIn = true;

    /** Makes the chosen folders the catalogue of this JVM and of the JVMs it starts. */
    void apply() {
        List<Path> dirs = folders == null ? List.of() : folders.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(Path::of).toList();
        CatalogueFolders.use(dirs, builtIn);
    }
}
