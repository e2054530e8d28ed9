package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sentences of the report's summary, derived from the figures alone. */
final class Summary {
    private Summary() {
    }

    /**
     * One sentence per configuration (device, batch size, threads) of the task's throughput figures: which
     * engine is fastest and by what factor over the next, or that there is no significant difference when the
     * two 99.9% confidence intervals overlap.
     */
    static List<String> throughput(TaskView task) {
        List<String> sentences = new ArrayList<>();
        for (Map.Entry<String, List<Measurement>> group : TaskView.byConfiguration(task.throughput()).entrySet()) {
            List<Measurement> ranked = group.getValue().stream()
                    .sorted(Comparator.comparingDouble(Measurement::value).reversed()).toList();
            String at = group.getKey().isEmpty() ? "" : " (" + group.getKey() + ")";
            Measurement first = ranked.get(0);
            if (ranked.size() == 1) {
                sentences.add("Only " + name(task, first) + " has an inference throughput figure" + at + ": "
                        + figure(first) + ".");
                continue;
            }
            Measurement second = ranked.get(1);
            if (!Format.isKnown(first.error()) || !Format.isKnown(second.error())) {
                sentences.add(name(task, first) + " has the highest inference throughput" + at + ": "
                        + figure(first) + ", " + ratio(first, second) + " that of " + name(task, second) + " ("
                        + figure(second) + "); without a confidence interval for both, the difference is not"
                        + " tested for significance." + qualityNote(first));
            } else if (overlap(first, second)) {
                sentences.add("No significant difference in inference throughput" + at + " between "
                        + name(task, first) + " (" + figure(first) + ") and " + name(task, second) + " ("
                        + figure(second) + "): their 99.9% confidence intervals overlap.");
            } else {
                sentences.add(name(task, first) + " has the highest inference throughput" + at + ": "
                        + figure(first) + ", " + ratio(first, second) + " that of the next, " + name(task, second)
                        + " (" + figure(second) + "); the 99.9% confidence intervals do not overlap."
                        + qualityNote(first));
            }
        }
        if (sentences.isEmpty()) {
            sentences.add("No inference throughput was measured for this task.");
        }
        return sentences;
    }

    /** Test accuracy of every engine (per device where measured on several), with whether it met the target. */
    static String accuracy(TaskView task) {
        List<String> parts = new ArrayList<>();
        Map<String, List<TaskView.Row>> byEngine = new LinkedHashMap<>();
        task.rows.forEach(r -> byEngine.computeIfAbsent(r.engine(), e -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<TaskView.Row>> engine : byEngine.entrySet()) {
            int before = parts.size();
            for (TaskView.Row row : engine.getValue()) {
                task.accuracyText(row).ifPresent(text -> parts.add(task.label(row) + " " + text));
            }
            if (parts.size() == before) {
                parts.add(task.engineName(engine.getKey()) + " not measured");
            }
        }
        return "Test accuracy: " + String.join("; ", parts) + ".";
    }

    /**
     * Whether the 99.9% confidence intervals (value ± error) of two figures overlap; figures without a known
     * error are treated as points.
     */
    static boolean overlap(Measurement a, Measurement b) {
        double ea = Format.isKnown(a.error()) ? a.error() : 0;
        double eb = Format.isKnown(b.error()) ? b.error() : 0;
        return a.value() - ea <= b.value() + eb && b.value() - eb <= a.value() + ea;
    }

    private static String name(TaskView task, Measurement m) {
        return task.engineName(m.engine());
    }

    private static String figure(Measurement m) {
        return Format.withError(m.value(), m.error()) + " " + Format.orMissing(m.unit());
    }

    private static String ratio(Measurement faster, Measurement slower) {
        return slower.value() > 0 ? Format.factor(faster.value() / slower.value()) : "more than";
    }

    private static String qualityNote(Measurement m) {
        return Boolean.FALSE.equals(m.qualityMet()) ? " That model did not reach the task's quality target." : "";
    }
}
