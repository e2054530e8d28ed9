package dev.jmlbench.suites.harness;

import dev.jmlbench.core.env.MachineClass;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reports.stats.EngineComparisons;
import dev.jmlbench.reports.stats.FigureKey;
import dev.jmlbench.reports.stats.RatioInterval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Joins the {@code results.json} of the shards of one run ({@code run --shard K/N}) into one results object, as
 * {@code jmlbench merge} does. It refuses (throws {@link Refused}, writing nothing) parts that cannot belong to one
 * run: two parts of the same shard or with the same cell, parts of different commits, of different shard counts, of
 * different partitions of the tasks (given different {@code --shard-costs}; {@link Shard#planOf}) or of different
 * catalogue contents (a task id with two specs), and, unless allowed, parts measured on different
 * machine classes, whose speed figures must not be mixed silently. A part that cannot be read at all is left out
 * and named with its file and field; the other parts are merged, so nothing they measured is lost.
 *
 * <p>What each part derived from figures of other tasks or of the machine is derived again over the union: the
 * harness overhead fractions, the dl-vs-classic block (tasks of one dataset may sit in different shards) and the
 * engine comparisons. The machine's calibration, which every shard measures for itself, is kept from the first
 * shard only: the report takes every GFLOP/s figure's share of peak against it, which is right only when all parts
 * ran on one machine class (parts of several classes are refused unless mixing is allowed, and then warned about).
 */
public final class ShardMerge {
    /** A part that was read: its file, its results and the shard that wrote it. */
    public record Part(Path file, RunResults results, Shard shard) {
    }

    /**
     * The merged results, the parts left out (each "file: why"), the shards no readable part was of, and warnings
     * (machine classes mixed on request).
     */
    public record Outcome(RunResults merged, List<Part> parts, List<String> leftOut, List<Integer> missing,
                          List<String> warnings) {
        /** Whether every shard of the run is in the merge. */
        public boolean complete() {
            return leftOut.isEmpty() && missing.isEmpty();
        }
    }

    /** Why the parts cannot be merged into one run; nothing was written. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private ShardMerge() {
    }

    /**
     * Reads and merges the parts ({@code results.json} files, or folders holding one).
     *
     * @param allowMixedMachines merge parts of different machine classes (with a warning) instead of refusing
     * @param margin             practical margin of the recomputed engine comparisons
     * @throws Refused when the readable parts cannot belong to one run, or none is readable
     */
    public static Outcome merge(List<Path> files, boolean allowMixedMachines, double margin) {
        List<Part> parts = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        for (Path f : files) {
            Path file = Files.isDirectory(f) ? f.resolve("results.json") : f;
            if (Files.isDirectory(f) && !Files.exists(file) && Files.isRegularFile(f.resolve("quality.json"))) {
                // a shard run stage by stage (--stage quality, ...) has its stage files but no results.json yet
                leftOut.add(f + " has stage files but no results.json: run './jmlbench run --stage merge --out " + f
                        + " --shard K/N' with the shard's preset, then merge again");
                continue;
            }
            try {
                RunResults r = ResultsJson.read(file);
                parts.add(new Part(file, r, shardOf(file, r)));
            } catch (MalformedResultsException | IllegalArgumentException e) {
                leftOut.add(e.getMessage());
            }
        }
        if (parts.isEmpty()) {
            throw new Refused("no part could be read: " + String.join("; ", leftOut));
        }
        parts.sort(Comparator.comparingInt(p -> p.shard().index()));
        List<String> warnings = new ArrayList<>(check(parts, allowMixedMachines));

        Part first = parts.get(0);
        RunResults merged = strip(first.results(), true);
        for (Part p : parts.subList(1, parts.size())) {
            merged = ResultsUnion.of(merged, strip(p.results(), false));
        }
        merged = new RunResults(merged.schemaVersion(), UUID.randomUUID().toString(), merged.environment(),
                merged.engines(), merged.tasks(), merged.datasets(), merged.measurements(), merged.cells(),
                merged.provenance());
        merged = merged.plus(ResultsMerger.overheadFractions(merged.measurements()), List.of());
        merged = merged.plus(DlVsClassic.block(merged), List.of());
        merged = merged.withComparisons(EngineComparisons.of(merged.measurements(), margin, RatioInterval.LEVEL));
        List<Integer> missing = new ArrayList<>();
        for (int k = 1; k <= first.shard().count(); k++) {
            int index = k;
            if (parts.stream().noneMatch(p -> p.shard().index() == index)) {
                missing.add(k);
            }
        }
        return new Outcome(merged, List.copyOf(parts), List.copyOf(leftOut), List.copyOf(missing),
                List.copyOf(warnings));
    }

    /** The shard a part's figures are stamped with. */
    static Shard shardOf(Path file, RunResults r) {
        Set<String> shards = new LinkedHashSet<>();
        for (Measurement m : r.measurements()) {
            shards.add(m.params().get(Names.PARAM_SHARD));
        }
        if (shards.size() != 1 || shards.contains(null)) {
            throw new MalformedResultsException(file, "measurements[].params." + Names.PARAM_SHARD,
                    shards.isEmpty() ? "no figures, so no shard: not a part of a sharded run"
                            : "not every figure names one shard (found " + shards + "): not the results.json of one"
                            + " 'jmlbench run --shard K/N'", null);
        }
        return Shard.parse(shards.iterator().next());
    }

    /** Refuses what cannot be one run; the warnings of what may be merged but must be said. */
    private static List<String> check(List<Part> parts, boolean allowMixedMachines) {
        List<String> warnings = new ArrayList<>();
        Part first = parts.get(0);
        int count = first.shard().count();
        MachineClass firstMachine = MachineClass.of(first.results().environment());
        String firstPlan = planOf(first.results());
        Map<Integer, Path> seen = new HashMap<>();
        Map<String, TaskSpec> specs = new HashMap<>();
        Map<String, Path> cells = new HashMap<>();
        Map<String, Path> figures = new HashMap<>();
        for (Part p : parts) {
            if (p.shard().count() != count) {
                throw new Refused(p.file() + " is shard " + p.shard() + " but " + first.file() + " is shard "
                        + first.shard() + ": parts of different shard counts are not one run");
            }
            Path twin = seen.putIfAbsent(p.shard().index(), p.file());
            if (twin != null) {
                throw new Refused(twin + " and " + p.file() + " are both shard " + p.shard()
                        + ": merge each shard once");
            }
            String plan = planOf(p.results());
            if (plan != null && firstPlan != null && !plan.equals(firstPlan)) {
                throw new Refused(p.file() + " split the run's tasks over the shards by plan " + plan + ", "
                        + first.file() + " by plan " + firstPlan + ": a task may be in no part or in two. Run every"
                        + " shard with the same tasks, preset and --shard-costs file");
            }
            String commit = p.results().environment().gitCommit();
            if (!Objects.equals(commit, first.results().environment().gitCommit())) {
                throw new Refused(p.file() + " was measured at commit " + commit + ", " + first.file() + " at "
                        + first.results().environment().gitCommit() + ": shards of one run run the same code");
            }
            for (TaskSpec t : p.results().tasks()) {
                TaskSpec other = specs.putIfAbsent(t.id(), t);
                if (other != null && !other.equals(t)) {
                    throw new Refused("task '" + t.id() + "' differs between the parts (" + p.file() + " and an"
                            + " earlier one): shards of one run use the same catalogue contents");
                }
            }
            for (CellStatus c : p.results().cells()) {
                if (c.task().equals(Names.TASK_CALIBRATION)) {
                    continue;
                }
                String key = c.task() + "/" + c.engine() + "/" + c.device() + "/" + c.stage();
                Path before = cells.putIfAbsent(key, p.file());
                if (before != null && !before.equals(p.file())) {
                    throw new Refused("cell " + key + " is in " + before + " and in " + p.file()
                            + ": a task belongs to one shard");
                }
            }
            Set<String> own = new LinkedHashSet<>();
            for (Measurement m : p.results().measurements()) {
                if (!m.task().equals(Names.TASK_CALIBRATION) && !derived(m)) {
                    own.add(m.engine() + " " + FigureKey.of(m));
                }
            }
            for (String key : own) {
                Path before = figures.putIfAbsent(key, p.file());
                if (before != null) {
                    throw new Refused("figure " + key + " is in " + before + " and in " + p.file()
                            + ": a task belongs to one shard");
                }
            }
            MachineClass machine = MachineClass.of(p.results().environment());
            if (!machine.equals(firstMachine)) {
                String what = "shard " + p.shard() + " ran on " + machine + ", shard " + first.shard() + " on "
                        + firstMachine;
                if (!allowMixedMachines) {
                    throw new Refused(what + ": speed figures of different machine classes are not comparable;"
                            + " merge with --allow-mixed-machines to keep them anyway (the report then mixes them)");
                }
                warnings.add(what + ": speed figures of different machine classes are mixed in this merge;"
                        + " compare engines only within a task (a task's engines all ran on one machine), and read"
                        + " figures relative to the machine's peak with care: the merge keeps shard "
                        + first.shard() + "'s calibration");
            }
        }
        return warnings;
    }

    /** The partition fingerprint a part's figures are stamped with; null for a part written before it was. */
    private static String planOf(RunResults r) {
        return r.measurements().stream().map(m -> m.params().get(Names.PARAM_SHARD_PLAN))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Figures derived from other tasks' or the machine's figures, derived again over the union. */
    private static boolean derived(Measurement m) {
        return m.scenario().equals(Names.SCENARIO_DL_VS_CLASSIC)
                || m.metric().equals(Names.METRIC_HARNESS_OVERHEAD_FRACTION);
    }

    /** A part without its derived figures and comparisons, and without its calibration unless it is the first. */
    private static RunResults strip(RunResults r, boolean keepCalibration) {
        List<Measurement> kept = r.measurements().stream().filter(m -> !derived(m))
                .filter(m -> keepCalibration || !m.task().equals(Names.TASK_CALIBRATION)).toList();
        List<CellStatus> cells = r.cells().stream()
                .filter(c -> keepCalibration || !c.task().equals(Names.TASK_CALIBRATION)).toList();
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), r.engines(), r.tasks(), r.datasets(),
                kept, cells, r.provenance());
    }
}
