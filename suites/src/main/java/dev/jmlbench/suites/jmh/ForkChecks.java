package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.ResultsJson;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of one figure, one per fork: what each fork's setup proved about the model it timed.
 *
 * @param checks every fork's check
 */
public record ForkChecks(List<ForkCheck> checks) {
    public ForkChecks {
        checks = List.copyOf(checks);
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("a figure's checks need at least one fork's check");
        }
    }

    /** Every check in {@code dir} (one file per figure and fork), grouped by {@link ForkCheck#figureKey()}. */
    public static Map<String, ForkChecks> read(Path dir) throws IOException {
        Map<String, List<ForkCheck>> byFigure = new LinkedHashMap<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
                for (Path f : files) {
                    ForkCheck c = ResultsJson.mapper().readValue(f.toFile(), ForkCheck.class);
                    byFigure.computeIfAbsent(c.figureKey(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        Map<String, ForkChecks> checks = new LinkedHashMap<>();
        byFigure.forEach((k, v) -> checks.put(k, new ForkChecks(v)));
        return checks;
    }

    /** The first fork's check. */
    public ForkCheck first() {
        return checks.get(0);
    }

    /** The first setup error of a fork; empty when none failed. */
    public String error() {
        return checks.stream().map(ForkCheck::error).filter(e -> !e.isEmpty()).findFirst().orElse("");
    }

    /**
     * Whether the checks prove the quality of what was timed: one per fork, each with a measured test metric
     * and no setup error.
     */
    public boolean verifies(int forks) {
        return checks.size() >= forks && error().isEmpty()
                && checks.stream().allMatch(c -> Double.isFinite(c.accuracy()));
    }

    /** The mean test metric over the forks. */
    public double accuracy() {
        return checks.stream().mapToDouble(ForkCheck::accuracy).average().orElse(Double.NaN);
    }

    /** Whether every fork's model met the task's target. */
    public boolean met() {
        return checks.stream().allMatch(ForkCheck::qualityMet);
    }
}
