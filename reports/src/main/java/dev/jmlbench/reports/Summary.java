package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.EngineComparison;
import dev.jmlbench.reports.stats.Direction;
import dev.jmlbench.reports.stats.RatioInterval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The sentences of the report's summary, derived from the figures alone. Every comparison of two engines is an
 * effect size: the speed ratio with its 95% interval over JVM forks, and a verdict against a practical margin
 * ("faster" only when the whole interval lies beyond it, "equivalent" only when it lies inside it, else
 * "inconclusive"), never a bare p-value.
 */
final class Summary {
    private Summary() {
    }

    /** One short line for a comparison: the best engine against each other one. */
    static String line(TaskView task, Comparisons.Group g, boolean withThreads) {
        String label = Comparisons.label(g, withThreads);
        List<Measurement> ms = g.figures();
        Measurement a = ms.get(0);
        if (ms.size() == 1) {
            return label + ": only " + a.engine() + " measured (" + figure(a) + ").";
        }
        List<EngineComparison> best = g.ofBest();
        if (best.isEmpty() || g.direction() == Direction.NEUTRAL) {
            return label + ": " + a.engine() + " " + figure(a) + "; no comparison recorded.";
        }
        List<String> parts = new ArrayList<>();
        best.forEach(c -> parts.add(c.statement()));
        return label + ": " + String.join("; ", parts) + quality(task, a) + ".";
    }

    /** The better figure over the other, at least 1: throughput a/b, latency b/a. */
    static double factor(Measurement better, Measurement other, Comparisons.Group g) {
        return g.direction() == Direction.LOWER_IS_BETTER ? other.value() / better.value()
                : better.value() / other.value();
    }

    private static String quality(TaskView task, Measurement m) {
        String q = task.qualityOf(m).map(s -> "; model " + s).orElse("");
        return Boolean.FALSE.equals(m.qualityMet()) ? q + ", below the quality target" : q;
    }

    private static String figure(Measurement m) {
        return Format.number(m.value()) + " " + Format.orMissing(m.unit());
    }

    /** The quality of every engine on the task, with the target; one line. */
    static String quality(TaskView task) {
        List<String> parts = new ArrayList<>();
        Map<String, List<TaskView.Row>> byEngine = new LinkedHashMap<>();
        task.rows.forEach(r -> byEngine.computeIfAbsent(r.engine(), e -> new ArrayList<>()).add(r));
        boolean any = false;
        SortedSet<Integer> runs = new TreeSet<>();
        for (Map.Entry<String, List<TaskView.Row>> engine : byEngine.entrySet()) {
            int before = parts.size();
            for (TaskView.Row row : engine.getValue()) {
                Optional<TaskView.SeedSpread> spread = task.seedSpread(row);
                task.qualityFigure(row).ifPresent(m -> {
                    String name = row.engine() + (task.severalDevices() && row.device() != null ? " ("
                            + row.device() + ")" : "");
                    runs.add(spread.map(TaskView.SeedSpread::seeds).orElse(1));
                    if (spread.isPresent()) {
                        TaskView.SeedSpread s = spread.get();
                        int below = s.met() < 0 ? 0 : s.seeds() - s.met();
                        parts.add(name + " " + Format.quality(m.metric(), m.value(), m.unit()) + " (" + s.text()
                                + (below > 0 ? "; " + below + " of " + s.seeds() + " below target" : "") + ")");
                        return;
                    }
                    boolean below = Boolean.FALSE.equals(m.qualityMet())
                            || m.qualityMet() == null && task.spec != null && !task.spec.target().isMetBy(m.value());
                    parts.add(name + " " + Format.quality(m.metric(), m.value(), m.unit())
                            + (below ? " (below target)" : ""));
                });
            }
            if (parts.size() > before) {
                any = true;
                continue;
            }
            // no quality figure: say why when a cell does; leave out engines the task never involved
            String status = engine.getValue().stream()
                    .map(r -> task.missingReason(r, Names.STAGE_QUALITY, Names.STAGE_OPEN))
                    .flatMap(Optional::stream).findFirst().map(r -> r.contains(":") ? r.substring(0, r.indexOf(':'))
                            : r).orElse(null);
            if (status != null) {
                parts.add(engine.getKey() + " " + status);
            } else if (engine.getValue().stream().anyMatch(task::hasFigures)) {
                parts.add(engine.getKey() + " not measured");
            }
        }
        String head = "Quality (" + Format.metricName(task.qualityMetric())
                + (task.spec != null ? ", target " + Format.target(task.spec.target()) : "") + "): ";
        if (!any) {
            return head + "not measured.";
        }
        String seeds = runs.size() == 1 ? String.valueOf(runs.first()) : runs.first() + " to " + runs.last();
        String each = runs.isEmpty() || runs.last() == 1 ? "one training run each, not ranked"
                : seeds + " training runs (seeds) each, the first seed's figure shown; not ranked";
        return head + String.join(", ", parts) + "; " + each + ".";
    }

    /**
     * The leak check of the task in one line, each engine's reading ({@code flat}, {@code grew, then levelled off at
     * 4,846 MiB} or {@code still growing at the end}); empty without leak-check figures.
     */
    static Optional<String> leakCheck(TaskView task) {
        List<LeakReading> readings = task.leakReadings();
        if (readings.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        readings.forEach(r -> parts.add(task.label(r.figure()) + " " + r.shortReading()));
        return Optional.of("Leak check (resident memory over " + readings.get(0).duration()
                + " of inference): " + String.join(", ", parts) + ".");
    }

    /** The tally of verdicts over every engine pair of every comparison. */
    static String tally(List<Comparisons.Group> groups) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String v : List.of(EngineComparison.FASTER, EngineComparison.EQUIVALENT, EngineComparison.INCONCLUSIVE)) {
            counts.put(v, 0);
        }
        Map<String, Integer> wins = new LinkedHashMap<>();
        int pairs = 0;
        double margin = Double.NaN;
        for (Comparisons.Group g : groups) {
            for (EngineComparison c : g.pairs()) {
                pairs++;
                margin = c.margin();
                String v = c.verdict().equals(EngineComparison.SLOWER) ? EngineComparison.FASTER : c.verdict();
                counts.merge(v, 1, Integer::sum);
                if (c.verdict().equals(EngineComparison.FASTER)) {
                    wins.merge(c.engineA(), 1, Integer::sum);
                } else if (c.verdict().equals(EngineComparison.SLOWER)) {
                    wins.merge(c.engineB(), 1, Integer::sum);
                }
            }
        }
        List<String> w = new ArrayList<>();
        wins.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> w.add(e.getKey() + " " + e.getValue()));
        String m = Double.isFinite(margin) ? String.format(java.util.Locale.ROOT, "%.0f%%", margin * 100) : "5%";
        return "Engine comparisons: " + pairs + " pairs over " + groups.size() + " speed figures. A clear"
                + " difference (95% interval entirely beyond " + m + "): " + counts.get(EngineComparison.FASTER)
                + (w.isEmpty() ? "" : " (wins: " + String.join(", ", w) + ")") + "; equivalent within " + m + ": "
                + counts.get(EngineComparison.EQUIVALENT) + "; inconclusive: "
                + counts.get(EngineComparison.INCONCLUSIVE) + ".";
    }

    /** Smallest factor by which cold and steady-state training must point opposite ways to be called a disagreement. */
    static final double DISAGREEMENT = 1.2;

    /**
     * A few sentences where the quality stage's training time (a single cold run: a fresh JVM, JIT compilation and
     * warm-up included) and JMH's steady-state training throughput rank two engines the opposite way, each by more
     * than {@link #DISAGREEMENT}, explaining the difference, with each engine's first epoch against its later ones
     * where recorded; the pair that disagrees most. Empty when they agree.
     */
    static Optional<String> coldVsSteady(TaskView task, List<Comparisons.Group> groups) {
        Optional<Comparisons.Group> training = groups.stream()
                .filter(g -> Names.SCENARIO_TRAINING_THROUGHPUT.equals(g.scenario()) && g.device() == null
                        && g.figures().size() >= 2)
                .max(java.util.Comparator.comparingInt(g -> g.figures().size()));
        if (training.isEmpty()) {
            return Optional.empty();
        }
        List<Measurement> fs = training.get().figures();
        String best = null;
        double worst = 0;
        for (int i = 0; i < fs.size(); i++) {
            for (int j = 0; j < fs.size(); j++) {
                Measurement x = fs.get(i);
                Measurement y = fs.get(j);
                Optional<Measurement> tx = task.quality(row(x), Names.METRIC_TRAIN_TIME);
                Optional<Measurement> ty = task.quality(row(y), Names.METRIC_TRAIN_TIME);
                if (i == j || tx.isEmpty() || ty.isEmpty() || !(tx.get().value() > 0) || !(ty.get().value() > 0)
                        || !(y.value() > 0)) {
                    continue;
                }
                double cold = tx.get().value() / ty.get().value(); // > 1: x took longer in the cold run
                double steady = x.value() / y.value();             // > 1: x faster in steady state
                if (cold > DISAGREEMENT && steady > DISAGREEMENT) {
                    double score = Math.log(cold) + Math.log(steady);
                    if (score > worst) {
                        worst = score;
                        best = "Cold and steady-state training disagree here: in the quality stage's single training"
                                + " run (a fresh JVM, JIT compilation and warm-up included) " + x.engine() + " took "
                                + RatioInterval.factor(cold) + "x as long as " + y.engine() + ", while JMH's"
                                + " training throughput, measured in warmed-up forks, puts " + x.engine() + " "
                                + RatioInterval.factor(steady) + "x faster. The first is what a one-off training job"
                                + " costs, the second what a long-running trainer sustains; the gap is mostly JIT"
                                + " warm-up: Java code is compiled while the cold run goes on, native kernels run at full"
                                + " speed from the start." + perEpoch(task, x, y);
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The two engines' first epoch against their later ones in the cold run, where recorded: warm-up and steady
     * state side by side. Empty when neither engine reported epochs.
     */
    private static String perEpoch(TaskView task, Measurement x, Measurement y) {
        List<String> parts = new ArrayList<>();
        for (Measurement m : List.of(x, y)) {
            task.epochTimesText(row(m)).ifPresent(t -> parts.add(m.engine() + ": " + t));
        }
        return parts.isEmpty() ? "" : " In the cold run, " + String.join("; ", parts) + ".";
    }

    private static TaskView.Row row(Measurement m) {
        return new TaskView.Row(m.engine(), m.device() == null || m.device().isBlank() ? null : m.device());
    }
}
