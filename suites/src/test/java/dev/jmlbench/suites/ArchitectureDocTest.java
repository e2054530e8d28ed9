package dev.jmlbench.suites;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/ARCHITECTURE.md stays true: every repository path it names in backticks exists. */
class ArchitectureDocTest {
    @Test
    void everyPathTheArchitecturePageNamesExists() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path doc = root.resolve("docs").resolve("ARCHITECTURE.md");
        assertTrue(Files.isRegularFile(doc), doc + " is missing");
        Matcher m = Pattern.compile("`([A-Za-z0-9_.\\-]+(?:/[A-Za-z0-9_.\\-]+)+/?)`").matcher(Files.readString(doc));
        List<String> named = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            String p = m.group(1);
            if (p.startsWith("target/") || p.contains("{") || p.startsWith("META-INF/")) {
                continue; // outputs of a run, patterns and paths inside a module
            }
            named.add(p);
            if (!Files.exists(root.resolve(p))) {
                missing.add(p);
            }
        }
        assertTrue(named.size() >= 15, "paths checked: " + named);
        assertEquals(List.of(), missing, "docs/ARCHITECTURE.md names paths that do not exist");
    }
}
