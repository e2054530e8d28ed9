package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Names;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.CatalogueFolders;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.suites.harness.ModelStore;
import dev.jmlbench.suites.harness.Preset;
import dev.jmlbench.suites.harness.RunSettings;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JMH stage: runs {@link InferenceBenchmark} in forked JVMs, one JMH run per (task, engine) with
 * fail-on-error, so that one engine's failure stops only its own cell. Each run writes its own JSON; the stage
 * then writes {@code jmh.json}, the concatenation of those arrays, each JMH record untouched.
 *
 * <p>Cells that failed or were unsupported in the quality stage are not benchmarked (there is no trained model
 * to time); cells below the quality target are benchmarked and flagged later.
 *
 * <p>A resumed stage ({@code --resume}; the full preset's JMH stage takes hours) keeps the tasks an earlier run in
 * the same folder timed on every engine, and times the rest again, every engine of such a task anew: a task's
 * engines are compared with figures of one sitting, never with figures of another day or machine. A task counts as
 * timed when its marker file ({@code jmh-parts/<task>.done}) was written after its last engine; the calibration
 * likewise ({@link JmhParts}). A stage run with {@code --engines} leaving out an engine the quality stage trained the
 * task on writes no marker. The stage's {@code jmh.json} holds every task timed in the folder, those a resumed stage
 * was not asked to time ({@code --tasks}) included. The merge stage reports the timed tasks of a stage stopped
 * before its end.
 */
public final class JmhStage {
    private final RunSettings settings;
    private final PrintStream log;
    private final boolean calibration;
    private final boolean resume;

    public JmhStage(RunSettings settings, PrintStream log) {
        this(settings, log, true);
    }

    /**
     * @param calibration whether to measure the machine's calibration (FMA peak, harness overhead, sgemm) before the
     *                    tasks: a run does; a re-run of flagged task figures, which compares them with themselves,
     *                    need not
     */
    public JmhStage(RunSettings settings, PrintStream log, boolean calibration) {
        this(settings, log, calibration, false);
    }

    /**
     * @param resume keep the tasks (and the calibration) an earlier run in the same folder finished timing
     */
    public JmhStage(RunSettings settings, PrintStream log, boolean calibration, boolean resume) {
        this.settings = settings;
        this.log = log;
        this.calibration = calibration;
        this.resume = resume;
    }

    /** Runs the benchmarks and writes {@link RunSettings#jmhFile()}. Returns the (task, engine) pairs that failed. */
    public List<String> run() throws IOException {
        try (JmhMachineLock ignored = JmhMachineLock.acquire(log)) {
            return runAlone();
        }
    }

    /** One JMH run, once no other program's JMH run holds JMH's lock (JMH would exit instead of waiting). */
    private void runJmh(Options o) throws RunnerException {
        try {
            JmhMachineLock.awaitJmhLockFree(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunnerException("interrupted while waiting for another JMH run to finish", e);
        } catch (IOException e) {
            throw new RunnerException("cannot read the JMH lock file: " + e.getMessage(), e);
        }
        new Runner(o).run();
    }

    private List<String> runAlone() throws IOException {
        List<TaskSpec> tasks = settings.jmhTasks();
        List<String> engines = settings.engines().isEmpty() ? Engines.ids() : settings.engines();
        RunResults qualityRun = Files.isRegularFile(settings.qualityFile())
                ? ResultsJson.read(settings.qualityFile()) : null;
        List<CellStatus> quality = qualityRun == null ? null : qualityRun.cells();
        Map<String, Double> longestFits = qualityRun == null ? Map.of()
                : TrainingCalls.longestFits(qualityRun.measurements());
        Set<String> runnable = quality == null ? null : runnableCells(quality);
        Map<String, CellStatus> settled = quality == null ? Map.of() : settledCells(quality);
        Path partDir = settings.jmhPartDir();
        Set<String> timed = resume ? JmhParts.timed(partDir) : Set.of();
        // jmh.json is written at the stage's end only: one left by an earlier stage would, if this one were stopped,
        // be merged with this stage's fork checks as if it were this stage's result (a resumed stage writes it anew)
        Files.deleteIfExists(settings.jmhFile());
        if (timed.isEmpty()) {
            // empty: no file of an earlier run is mistaken for this one's
            JmhParts.forgetAllBut(Set.of(), partDir);
            JmhParts.forgetAllBut(Set.of(), settings.jmhCheckDir());
        } else {
            log.println("[jmh] resuming " + partDir + ": kept " + String.join(", ", new java.util.TreeSet<>(timed)));
            JmhParts.forgetAllBut(timed, partDir);
            JmhParts.forgetAllBut(timed, settings.jmhCheckDir());
        }
        List<String> failed = new ArrayList<>();
        ArrayNode all = ResultsJson.mapper().createArrayNode();
        if (calibration) {
            if (keep(JmhParts.CALIBRATION, timed, partDir, all)) {
                calibrate(partDir, engines, all);
                JmhParts.markTimed(JmhParts.CALIBRATION, partDir);
            }
        }
        for (TaskSpec task : tasks) {
            if (!keep(task.id(), timed, partDir, all)) {
                continue;
            }
            boolean everyEngine = true;
            for (String engine : engines) {
                for (String device : settings.devices()) {
                    if (runnable != null && !runnable.contains(cellKey(task.id(), engine, device))) {
                        CellStatus never = settled.get(cellKey(task.id(), engine, device));
                        log.println("[jmh] " + task.id() + " on " + where(engine, device) + ": not benchmarked, "
                                + (never != null ? never.status().name().toLowerCase(java.util.Locale.ROOT)
                                + " in the quality stage: " + never.reason()
                                : "the quality stage in " + settings.outDir() + " did not produce a model (run --stage"
                                + " quality with the same --tasks and --out first; a task of the preset's training-only"
                                + " group is timed without one when no --tasks are named)"));
                        // a cell the quality stage may still train (not run yet, or failed) leaves the task open
                        everyEngine = everyEngine && never != null;
                        continue;
                    }
                    timeCell(task, engine, device, partDir, all, failed, TrainingCalls.of(settings.preset(),
                            task.isNetwork(), longestFits.get(cellKey(task.id(), engine, device))));
                }
            }
            List<String> unnamed = unnamedWithModels(task, engines, runnable);
            if (!unnamed.isEmpty()) {
                log.println("[jmh] " + task.id() + ": not marked timed, the quality stage trained it on "
                        + String.join(", ", unnamed) + " too, which --engines left out (a resumed stage times the task"
                        + " anew on every engine, so that its engines are compared in one sitting)");
            }
            if (everyEngine && unnamed.isEmpty()) {
                JmhParts.markTimed(task.id(), partDir);
            }
        }
        for (TaskSpec task : settings.jmhTrainingOnlyTasks()) {
            if (!keep(task.id(), timed, partDir, all)) {
                continue;
            }
            for (String engine : engines) {
                Path trainPart = partDir.resolve(task.id() + "__" + engine + "__training.json");
                Files.deleteIfExists(trainPart);
                log.println("[jmh] " + task.id() + " on " + engine + ": training throughput only ("
                        + settings.preset().name() + " preset; its quality run is the full preset's)");
                runQuietly(trainingOnlyOptions(task.id(), engine, trainPart), task.id() + " on " + engine, failed);
                JmhParts.append(trainPart, all);
            }
            JmhParts.markTimed(task.id(), partDir);
        }
        // a stage resumed with fewer --tasks than the earlier one still reports every task timed in this folder
        Set<String> handled = new java.util.HashSet<>();
        tasks.forEach(t -> handled.add(t.id()));
        settings.jmhTrainingOnlyTasks().forEach(t -> handled.add(t.id()));
        if (calibration) {
            handled.add(JmhParts.CALIBRATION);
        }
        for (String what : new java.util.TreeSet<>(timed)) {
            if (!handled.contains(what)) {
                keep(what, timed, partDir, all);
            }
        }
        ResultsJson.mapper().writeValue(settings.jmhFile().toFile(), all);
        return failed;
    }

    /**
     * The engines the run left out ({@code --engines}) on which the quality stage trained {@code task}: a task timed
     * without them is not finished (none when the stage has no quality results to tell).
     */
    private List<String> unnamedWithModels(TaskSpec task, List<String> engines, Set<String> runnable) {
        if (runnable == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String engine : Engines.ids()) {
            if (!engines.contains(engine)
                    && settings.devices().stream().anyMatch(d -> runnable.contains(cellKey(task.id(), engine, d)))) {
                out.add(engine);
            }
        }
        return out;
    }

    /**
     * Whether {@code what} is to be timed now: false when the earlier run timed it, whose parts are then appended to
     * {@code all} as they are.
     */
    private boolean keep(String what, Set<String> timed, Path partDir, ArrayNode all) throws IOException {
        if (!timed.contains(what)) {
            return true;
        }
        log.println("[jmh] " + what + ": kept from the earlier run in " + partDir);
        for (Path f : JmhParts.partsOf(what, partDir)) {
            JmhParts.append(f, all);
        }
        return false;
    }

    /**
     * Every figure of one (task, engine, device) cell: inference and training, the cold start of a network, and on
     * the CPU the thread sweep; each a JMH run of its own, so that a scenario the engine cannot do does not cost it
     * the others.
     */
    private void timeCell(TaskSpec task, String engine, String device, Path partDir, ArrayNode all,
                          List<String> failed, TrainingCalls trainingCalls) throws IOException {
        String cell = task.id() + " on " + where(engine, device);
        String stem = task.id() + "__" + engine + (Names.DEVICE_CPU.equals(device) ? "" : "__" + device);
        Path part = partDir.resolve(stem + ".json");
        Path trainPart = partDir.resolve(stem + "__training.json");
        Path coldPart = partDir.resolve(stem + "__cold-start.json");
        for (Path p : List.of(part, trainPart, coldPart)) {
            Files.deleteIfExists(p);
        }
        log.println("[jmh] " + cell + ": running (" + settings.preset().name() + " preset)"
                + trainingCalls.explanation());
        List<Options> runs = new ArrayList<>(List.of(options(InferenceBenchmark.class, task.id(), engine, device, part),
                trainingOptions(task.id(), engine, device, trainPart, trainingCalls)));
        boolean fitted = Files.isRegularFile(new ModelStore(settings.modelDir()).fittedFile(task.id(), engine));
        if (task.isNetwork() || fitted) { // a classic learner's cold start loads what the quality stage fitted
            runs.add(coldStartOptions(task.id(), engine, device, coldPart));
        } else {
            writeCheck(new ForkCheck(ColdStartBenchmark.class.getName() + ".coldStart", task.id(), engine, 1,
                    1, Double.NaN, false, "", ColdStartBenchmark.CLASSIC_UNSUPPORTED).onDevice(device));
        }
        for (Options o : runs) {
            try {
                runJmh(o);
            } catch (RunnerException | RuntimeException e) {
                failed.add(task.id() + "/" + engine + (Names.DEVICE_CPU.equals(device) ? "" : "/" + device));
                log.println("[jmh] " + cell + ": FAILED, " + e.getMessage());
            }
        }
        if (Names.DEVICE_CPU.equals(device)) { // thread budgets are CPU threads
            for (int threads : settings.preset().threadSweep()) {
                if (threads == settings.threads()) {
                    continue; // the runs above measured the budget itself
                }
                Path p = partDir.resolve(stem + "__threads-" + threads + ".json");
                runQuietly(threadSweepOptions(task.id(), engine, threads, p), cell + " with " + threads + " threads",
                        failed);
                JmhParts.append(p, all);
            }
        }
        for (Path p : List.of(part, trainPart, coldPart)) {
            JmhParts.append(p, all);
        }
    }

    /** The JMH benchmarks' parameter naming the device a fork builds its model on. */
    static final String DEVICE_PARAM = "device";

    private static String where(String engine, String device) {
        return Names.DEVICE_CPU.equals(device) ? engine : engine + " " + device;
    }

    /** The key of a (task, engine, device) cell in the stage's sets and maps: {@code task/engine/device}. */
    static String cellKey(String task, String engine, String device) {
        return task + "/" + engine + "/" + device;
    }

    /**
     * Calibration, once per run: the FMA peak of the cores ({@link PeakFlopsBenchmark}) on every thread count of
     * the sweep and the budget, and each engine's sgemm ({@link GemmBenchmark}, n = {@value #CALIBRATION_N}) on the
     * budget; every GFLOP/s figure of the run is then also a fraction of the machine's measured peak.
     */
    private void calibrate(Path partDir, List<String> engines, ArrayNode all) throws IOException {
        List<String> threadCounts = new ArrayList<>();
        for (int t : settings.preset().threadSweep()) {
            threadCounts.add(Integer.toString(t));
        }
        if (!threadCounts.contains(Integer.toString(settings.threads()))) {
            threadCounts.add(Integer.toString(settings.threads()));
        }
        List<String> failed = new ArrayList<>();
        Path peak = partDir.resolve("calibration__fma.json");
        log.println("[jmh] calibration: FMA peak on " + threadCounts + " thread(s)");
        runQuietly(calibrationOptions(PeakFlopsBenchmark.class, peak)
                .param(Names.PARAM_THREADS, threadCounts.toArray(String[]::new)).build(), "FMA peak", failed);
        JmhParts.append(peak, all);
        Path overhead = partDir.resolve("calibration__harness.json");
        log.println("[jmh] calibration: harness overhead around an empty model");
        runQuietly(calibrationOptions(HarnessOverheadBenchmark.class, overhead).build(), "harness overhead", failed);
        JmhParts.append(overhead, all);
        List<String> gemmEngines = Engines.select(engines).stream().filter(EngineProvider::offersMatmul)
                .map(EngineProvider::id).toList();
        if (!gemmEngines.isEmpty()) {
            Path gemm = partDir.resolve("calibration__sgemm.json");
            log.println("[jmh] calibration: sgemm " + CALIBRATION_N + "x" + CALIBRATION_N + " on " + gemmEngines);
            runQuietly(calibrationOptions(GemmBenchmark.class, gemm)
                    .param("engine", gemmEngines.toArray(String[]::new))
                    .param(Names.PARAM_MATRIX_SIZE, Integer.toString(CALIBRATION_N)).build(), "sgemm", failed);
            JmhParts.append(gemm, all);
        }
    }

    /** Matrix size of the sgemm calibration: large enough to be compute-bound, small enough for seconds. */
    static final int CALIBRATION_N = 512;

    /** The shortest warm-up iteration of a calibration benchmark, whatever the preset. */
    static final int CALIBRATION_MIN_WARMUP_MILLIS = 500;

    private OptionsBuilder calibrationOptions(Class<?> benchmark, Path result) {
        Preset p = settings.preset();
        OptionsBuilder b = new OptionsBuilder();
        b.include(benchmark.getName() + "\\.")
                .forks(1)
                .threads(1)
                // two warm-ups of at least 500 ms: after one of 200 ms (smoke) the FMA loop was once still not
                // compiled in the first measured iteration (1.3 against 169 GFLOP/s), and the peak read far too low
                .warmupIterations(2)
                .warmupTime(TimeValue.milliseconds(Math.max(p.warmupMillis(), CALIBRATION_MIN_WARMUP_MILLIS)))
                .measurementIterations(Math.min(3, p.measureIterations()))
                .measurementTime(TimeValue.milliseconds(p.measureMillis()))
                .timeout(TimeValue.minutes(5))
                .shouldFailOnError(true)
                .jvmArgsAppend(forkArguments())
                .jvm(forkJvm(settings.threads()))
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString());
        return b;
    }

    /**
     * The thread sweep: batch throughput at the preset's largest batch size with another thread budget, given to
     * the engine exactly as the main budget is (the fork's {@code jmlbench.threads}).
     */
    private Options threadSweepOptions(String task, String engine, int threads, Path result) {
        Preset p = settings.preset();
        List<String> args = new ArrayList<>(List.of(forkArguments()));
        args.add("-Djmlbench.threads=" + threads); // the last definition wins
        return new OptionsBuilder()
                .include(JmhFigures.includeProducing(InferenceBenchmark.class, Names.SCENARIO_INFERENCE_THROUGHPUT,
                        Names.METRIC_THROUGHPUT))
                .param("engine", engine)
                .param("task", task)
                .param(Names.PARAM_BATCH_SIZE, Integer.toString(p.batchSizes().get(p.batchSizes().size() - 1)))
                .forks(p.forks())
                .warmupIterations(p.warmupIterations())
                .warmupTime(TimeValue.milliseconds(p.warmupMillis()))
                .measurementIterations(p.measureIterations())
                .measurementTime(TimeValue.milliseconds(p.measureMillis()))
                .timeout(TimeValue.minutes(10))
                .shouldFailOnError(true)
                .jvmArgsAppend(args.toArray(String[]::new))
                .jvm(forkJvm(threads))
                .addProfiler(org.openjdk.jmh.profile.GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString())
                .build();
    }

    private void runQuietly(Options o, String what, List<String> failed) {
        try {
            runJmh(o);
        } catch (RunnerException | RuntimeException e) {
            failed.add(what);
            log.println("[jmh] " + what + ": FAILED, " + e.getMessage());
        }
    }

    /**
     * Training throughput alone of a real-size network (catalogue group {@code jmh-training}): the preset's forks
     * and iterations, but at least {@value #TRAINING_ONLY_WARMUP_SECONDS} warm-up iterations of a second and
     * measurement iterations of a second. One timed call trains 16 mini-batches of a real-size network, 0.1 to 2 s
     * here; a pure-Java engine's kernels are compiled by the JIT in the first seconds of a fork, so the quick
     * preset's two 300 ms warm-up iterations (one or two calls) would time the interpreter, not the engine.
     */
    private Options trainingOnlyOptions(String task, String engine, Path result) {
        Preset p = settings.preset();
        return new OptionsBuilder().parent(options(TrainingBenchmark.class, task, engine, Names.DEVICE_CPU, result))
                .warmupIterations(Math.max(p.warmupIterations(), TRAINING_ONLY_WARMUP_SECONDS))
                .warmupTime(TimeValue.milliseconds(Math.max(p.warmupMillis(), 1000)))
                .measurementTime(TimeValue.milliseconds(Math.max(p.measureMillis(), 1000)))
                .jvmArgsAppend(concat(forkArguments(), "-D" + TrainingBenchmark.TRAINING_ONLY_PROPERTY + "=true"))
                .build();
    }

    /** A cell's training figure, with as many calls per fork and as long a timeout as {@code calls} says. */
    private Options trainingOptions(String task, String engine, String device, Path result, TrainingCalls calls) {
        return new OptionsBuilder().parent(options(TrainingBenchmark.class, task, engine, device, result))
                .warmupIterations(calls.warmupIterations())
                .measurementIterations(calls.measureIterations())
                .timeout(TimeValue.seconds(calls.timeoutSeconds()))
                .build();
    }

    /** Least warm-up of a training-only figure, in one-second iterations. */
    static final int TRAINING_ONLY_WARMUP_SECONDS = 3;

    private static String[] concat(String[] args, String extra) {
        String[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = extra;
        return out;
    }

    private void writeCheck(ForkCheck check) throws IOException {
        Files.createDirectories(settings.jmhCheckDir());
        ResultsJson.mapper().writeValue(settings.jmhCheckDir().resolve(check.fileName()).toFile(), check);
    }

    /**
     * Cold start: one measurement per fresh fork, no warm-up, as many forks as the preset says (every fork
     * loads the native libraries anew).
     */
    private Options coldStartOptions(String task, String engine, String device, Path result) {
        Preset p = settings.preset();
        return new OptionsBuilder()
                .include(ColdStartBenchmark.class.getName() + "\\.")
                .param("engine", engine)
                .param("task", task)
                .param(DEVICE_PARAM, device)
                .mode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
                .forks(p.coldStartForks())
                .warmupIterations(0)
                .measurementIterations(1)
                .timeout(TimeValue.minutes(5))
                .shouldFailOnError(true)
                .jvmArgsAppend(forkArguments())
                .jvm(forkJvm(settings.threads()))
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString())
                .build();
    }

    /**
     * The JVM a fork runs: this JVM's {@code java} behind a small launcher that sets {@code OMP_NUM_THREADS} to the
     * fork's thread budget. Native engines whose OpenMP pool reads that variable when their library loads (DL4J's
     * nd4j) then get the same budget as those told through their API, in the main run and in the thread sweep
     * alike; each fork's check records what the engine reports it applied.
     */
    String forkJvm(int threads) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path launcher = settings.outDir().toAbsolutePath().resolve("jmh-jvm").resolve("java-threads-" + threads);
        try {
            Files.createDirectories(launcher.getParent());
            String script = "#!/bin/sh\n# written by jmlbench: the fork's thread budget for OpenMP-based engines\n"
                    + "OMP_NUM_THREADS=" + threads + "\nexport OMP_NUM_THREADS\nexec '" + java.toAbsolutePath()
                    + "' \"$@\"\n";
            Files.writeString(launcher, script);
            if (!launcher.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + launcher + " executable");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the fork launcher " + launcher, e);
        }
        return launcher.toString();
    }

    /**
     * The young generation of every fork, fixed. Left to G1, it grows over a fork's first seconds, and every new
     * region costs the kernel's first-touch page faults: the reference engine's lenet5-mnist training (about
     * 127 KB allocated per example) ran at 4.5 calls/s for the first 4 to 8 seconds of a fork and at 18 to 20
     * after, so the quick preset's 4 s of warm-up timed the page faults (1,818 samples/s in the bench against
     * 9,000-10,000 in steady state). With a fixed 512 MiB the regions are reused from the first collection on:
     * 22.5 calls/s from the second warm-up second (one fork, same machine; -XX:+AlwaysPreTouch -Xms4g gave the
     * same from the first, at the cost of touching 4 GiB per fork).
     */
    static final String FORK_YOUNG_GENERATION = "-Xmn512m";

    /** The JVM arguments every fork gets beside the parent's: the run's settings and the heap layout. */
    private String[] forkArguments() {
        return new String[] {FORK_YOUNG_GENERATION, "-Djmlbench.threads=" + settings.threads(),
                "-Djmlbench.cacheDir=" + settings.cacheDir().toAbsolutePath(),
                "-Djmlbench.checkDir=" + settings.jmhCheckDir().toAbsolutePath(),
                "-Djmlbench.modelDir=" + settings.modelDir().toAbsolutePath(),
                CatalogueFolders.jvmFlags().get(0), CatalogueFolders.jvmFlags().get(1)};
    }

    /** (task/engine/device) cells the quality stage trained, of its {@code quality} cells. */
    private static Set<String> runnableCells(List<CellStatus> quality) {
        return quality.stream()
                .filter(c -> c.status() == CellStatus.Status.OK || c.status() == CellStatus.Status.BELOW_TARGET)
                .map(c -> cellKey(c.task(), c.engine(), c.device()))
                .collect(Collectors.toSet());
    }

    /**
     * (task/engine/device) cells the quality stage will never give a model: unsupported by the engine, or on a
     * device it cannot use. A task whose other engines are timed is finished without them.
     */
    private static Map<String, CellStatus> settledCells(List<CellStatus> quality) {
        return quality.stream()
                .filter(c -> c.status() == CellStatus.Status.UNSUPPORTED || c.status() == CellStatus.Status.SKIPPED)
                .collect(Collectors.toMap(c -> cellKey(c.task(), c.engine(), c.device()), c -> c, (a, b) -> a));
    }

    private Options options(Class<?> benchmark, String task, String engine, String device, Path result) {
        Preset p = settings.preset();
        return new OptionsBuilder()
                .include(benchmark.getName() + "\\.")
                .param("engine", engine)
                .param("task", task)
                .param(DEVICE_PARAM, device)
                .param(Names.PARAM_BATCH_SIZE, p.batchSizes().stream().map(String::valueOf).toArray(String[]::new))
                .forks(p.forks())
                .warmupIterations(p.warmupIterations())
                .warmupTime(TimeValue.milliseconds(p.warmupMillis()))
                .measurementIterations(p.measureIterations())
                .measurementTime(TimeValue.milliseconds(p.measureMillis()))
                .timeout(TimeValue.seconds(TrainingCalls.DEFAULT_TIMEOUT_SECONDS))
                .shouldFailOnError(true)
                .jvmArgsAppend(forkArguments())
                .jvm(forkJvm(settings.threads()))
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString())
                .build();
    }
}
