package dev.jmlbench.suites.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.suites.harness.Flops;
import org.openjdk.jmh.annotations.Benchmark;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The generic reader of JMH's JSON: every record becomes the figure its benchmark method declares with
 * {@link Produces} (read reflectively from the class the record names), with its error, raw iteration scores,
 * per-fork means, percentiles and - for a figure of a task - the quality its fork checks proved; plus the figures
 * derived from it (GFLOP/s, heap bytes per example). Records of methods without a declaration are left out.
 *
 * @param quality the quality stage's results: the task specs (FLOPs of a network) and the datasets figures were
 *                measured on
 * @param checks  the fork checks, by {@link ForkCheck#figureKey()}
 * @param threads the run's thread budget
 * @param preset  the preset's name
 */
public record JmhFigures(RunResults quality, Map<String, ForkChecks> checks, int threads, String preset) {
    /** JMH's record params that name who a figure belongs to and its batch: not copied as figure params. */
    private static final Set<String> IDENTITY_PARAMS = Set.of("task", "engine", Names.PARAM_BATCH_SIZE,
            Names.PARAM_THREADS, JmhStage.DEVICE_PARAM);
    private static final String BATCH_SIZE = Names.PARAM_BATCH_SIZE;
    private static final String THREADS_PROPERTY = "-Djmlbench.threads=";
    /** JMH's percentile keys and the names they get in the results. */
    private static final Map<String, String> PERCENTILES = new LinkedHashMap<>();

    static {
        PERCENTILES.put("50.0", Names.PERCENTILE_P50);
        PERCENTILES.put("90.0", Names.PERCENTILE_P90);
        PERCENTILES.put("99.0", Names.PERCENTILE_P99);
        PERCENTILES.put("99.9", Names.PERCENTILE_P999);
        PERCENTILES.put("100.0", Names.PERCENTILE_MAX);
    }

    /**
     * What the records of one JMH file became.
     *
     * @param figures  the figures and those derived from them
     * @param measured the {@link ForkCheck#figureKey}s of the records that became a figure
     */
    public record Read(List<Measurement> figures, Set<String> measured) {
    }

    /** Reads {@code jmhFile} (JMH's JSON array of records); nothing when there is no such file. */
    public Read read(Path jmhFile) throws IOException {
        if (!Files.isRegularFile(jmhFile)) {
            return new Read(new ArrayList<>(), new LinkedHashSet<>());
        }
        return read(ResultsJson.mapper().readTree(jmhFile.toFile()));
    }

    /** Reads JMH {@code records} (a JSON array of them). */
    public Read read(JsonNode records) {
        List<Measurement> figures = new ArrayList<>();
        Set<String> measured = new LinkedHashSet<>();
        for (JsonNode record : records) {
            String benchmark = record.path("benchmark").asText();
            Optional<Produces> declared = declaration(benchmark);
            if (declared.isEmpty()) {
                continue;
            }
            Measurement m = figure(record, declared.get());
            if (m != null) {
                figures.add(m);
                measured.add(figureKey(record, declared.get()));
                figures.addAll(derived(record, declared.get(), m));
            }
        }
        return new Read(figures, measured);
    }

    /**
     * The {@link Produces} declaration of a JMH benchmark name ({@code package.Class.method}); empty when the class
     * is not on the class path or the method is not a declared {@code @Benchmark}.
     */
    public static Optional<Produces> declaration(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        Class<?> type;
        try {
            type = Class.forName(benchmark.substring(0, dot), false, JmhFigures.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        String name = benchmark.substring(dot + 1);
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.isAnnotationPresent(Benchmark.class)) {
                return Optional.ofNullable(m.getAnnotation(Produces.class));
            }
        }
        return Optional.empty();
    }

    /**
     * The JMH include pattern of the one {@code @Benchmark} method of {@code benchmark} that declares it produces
     * {@code scenario} and {@code metric}: how the harness picks a method by what it measures, not by its name.
     *
     * @throws IllegalArgumentException when no method, or more than one, declares that figure
     */
    public static String includeProducing(Class<?> benchmark, String scenario, String metric) {
        List<String> names = new ArrayList<>();
        for (Method m : benchmark.getMethods()) {
            Produces p = m.getAnnotation(Produces.class);
            if (p != null && m.isAnnotationPresent(Benchmark.class) && p.scenario().equals(scenario)
                    && p.metric().equals(metric)) {
                names.add(m.getName());
            }
        }
        if (names.size() != 1) {
            throw new IllegalArgumentException(benchmark.getSimpleName() + " has " + names.size()
                    + " benchmark methods producing " + scenario + " " + metric + " " + names + ", expected one");
        }
        return java.util.regex.Pattern.quote(benchmark.getName() + "." + names.get(0)) + "$";
    }

    /** The key of the fork checks of a record's figure. */
    private String figureKey(JsonNode record, Produces p) {
        String benchmark = record.path("benchmark").asText();
        return ForkCheck.figureKey(param(record, "task", Names.TASK_CALIBRATION),
                param(record, "engine", Names.ENGINE_MACHINE), benchmark.substring(benchmark.lastIndexOf('.') + 1),
                batchOf(record, p), threadsOf(record, p), deviceOf(record));
    }

    /** The device a record's model ran on: its benchmark's device parameter, the CPU when it has none. */
    private static String deviceOf(JsonNode record) {
        return param(record, JmhStage.DEVICE_PARAM, Names.DEVICE_CPU);
    }

    private Measurement figure(JsonNode record, Produces p) {
        JsonNode metric = p.secondary().isEmpty() ? record.path("primaryMetric")
                : record.path("secondaryMetrics").path(p.secondary());
        double score = metric.path("score").asDouble(Double.NaN);
        if (!Double.isFinite(score)) {
            return null;
        }
        boolean ofTask = record.path("params").has("task");
        String task = param(record, "task", Names.TASK_CALIBRATION);
        String engine = param(record, "engine", Names.ENGINE_MACHINE);
        int threads = threadsOf(record, p);
        ForkChecks forkChecks = checks.get(figureKey(record, p));
        ForkCheck check = forkChecks == null ? null : forkChecks.first();
        double perCall = switch (p.perCall()) {
            case ONE -> 1;
            case BATCH_SIZE -> batchOf(record, p);
            case EXAMPLES_PER_CALL -> check == null ? 0 : check.examplesPerCall();
        };
        if (perCall <= 0) {
            return null; // samples/s needs the examples per call, which only the fork's check knows
        }
        double factor = perCall * p.scale();
        Measurement.Builder b = Measurement.of(task, engine, p.scenario(), p.metric())
                .device(deviceOf(record))
                .param(Names.PARAM_THREADS, Integer.toString(threads));
        if (ofTask) {
            b.param(Names.PARAM_FORKS, record.path("forks").asText())
                    .param(Names.PARAM_PRESET, preset)
                    .param(Names.PARAM_JVM, record.path("vmName").asText() + " " + record.path("jdkVersion").asText());
            if (check != null && TrainingBenchmark.TRAINING_ONLY_ORIGIN.equals(check.origin())) {
                b.param(Names.PARAM_QUALITY_CHECK, Names.QUALITY_CHECK_NONE);
            }
            if (check != null && check.engineThreads() != null && !check.engineThreads().isEmpty()) {
                b.param(Names.PARAM_ENGINE_THREADS, check.engineThreads());
            }
        }
        record.path("params").fields().forEachRemaining(e -> {
            if (!IDENTITY_PARAMS.contains(e.getKey())) {
                b.param(e.getKey(), e.getValue().asText());
            }
        });
        if (p.batchSize() > 0 || record.path("params").has(BATCH_SIZE)) {
            b.param(Names.PARAM_BATCH_SIZE, Integer.toString(batchOf(record, p)));
        }
        if (p.perCall() == Produces.PerCall.EXAMPLES_PER_CALL) {
            b.param(Names.PARAM_EXAMPLES_PER_CALL, Integer.toString((int) perCall));
        }
        if (ofTask) {
            // verified only when every fork of the figure proved the quality of the model it timed
            boolean known = forkChecks != null && forkChecks.verifies(record.path("forks").asInt(1));
            b.quality(known ? forkChecks.accuracy() : null, known ? forkChecks.met() : null)
                    .dataset(stampOf(task));
        }
        Double error = finiteOrNull(metric.path("scoreError").asDouble(Double.NaN));
        b.value(score * factor, p.unit()).error(error == null ? null : error * factor);
        if (metric.has("rawDataHistogram")) {
            histogram(metric, b);
        } else {
            List<Double> raw = new ArrayList<>();
            metric.path("rawData").forEach(fork -> fork.forEach(v -> raw.add(v.asDouble() * factor)));
            b.samples(raw.size()).rawScores(raw.isEmpty() ? null : raw)
                    .forkMeans(forkMeans(metric.path("rawData"), factor));
        }
        return b.build();
    }

    /**
     * A sampled figure (JMH SampleTime): percentiles from JMH's summary, and the mean of each iteration and of
     * each fork from JMH's per-iteration histograms.
     */
    private static void histogram(JsonNode metric, Measurement.Builder b) {
        Map<String, Double> percentiles = new LinkedHashMap<>();
        JsonNode p = metric.path("scorePercentiles");
        PERCENTILES.forEach((key, name) -> {
            if (p.has(key)) {
                percentiles.put(name, p.get(key).asDouble());
            }
        });
        long samples = 0;
        List<Double> iterationMeans = new ArrayList<>();
        List<Double> forkMeans = new ArrayList<>();
        for (JsonNode fork : metric.path("rawDataHistogram")) {
            double forkSum = 0;
            long forkCount = 0;
            for (JsonNode iteration : fork) {
                double sum = 0;
                long count = 0;
                for (JsonNode bin : iteration) {
                    sum += bin.path(0).asDouble() * bin.path(1).asLong();
                    count += bin.path(1).asLong();
                }
                samples += count;
                forkSum += sum;
                forkCount += count;
                if (count > 0) {
                    iterationMeans.add(sum / count);
                }
            }
            if (forkCount > 0) {
                forkMeans.add(forkSum / forkCount);
            }
        }
        b.samples(samples).percentiles(percentiles).rawScores(iterationMeans.isEmpty() ? null : iterationMeans)
                .forkMeans(forkMeans.isEmpty() ? null : forkMeans);
    }

    /**
     * Figures derived from a primary one, as its declaration asks: the Java heap bytes allocated per example (JMH's
     * GC profiler) and GFLOP/s of a network's throughput (examples/s x FLOPs per example, from the spec).
     */
    private List<Measurement> derived(JsonNode record, Produces p, Measurement m) {
        List<Measurement> out = new ArrayList<>();
        double perCall = record.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score")
                .asDouble(Double.NaN);
        if (p.allocation() && Double.isFinite(perCall)) {
            int examples = p.perCall() == Produces.PerCall.EXAMPLES_PER_CALL
                    ? Integer.parseInt(m.params().get(Names.PARAM_EXAMPLES_PER_CALL)) : batchOf(record, p);
            out.add(m.derive(Names.METRIC_ALLOCATION).value(perCall / examples, Names.UNIT_BYTES_PER_EXAMPLE)
                    .build());
        }
        if (p.flops() != Produces.FlopCount.NONE) {
            quality.tasks().stream().filter(t -> t.id().equals(m.task()) && t.isNetwork()).findFirst()
                    .ifPresent(spec -> out.add(gflops(m, spec, p.flops())));
        }
        return out;
    }

    private static Measurement gflops(Measurement m, TaskSpec spec, Produces.FlopCount count) {
        // a training step costs the forward pass and a backward pass of about twice its FLOPs
        double flops = (count == Produces.FlopCount.TRAINING ? Flops.TRAINING_FACTOR : 1)
                * Flops.forwardPerExample(spec.model());
        double giga = flops / 1e9;
        return m.derive(Names.METRIC_GFLOPS).value(m.value() * giga, Names.UNIT_GFLOPS)
                .error(m.error() == null ? null : m.error() * giga).samples(m.samples())
                .forkMeans(m.forkMeans() == null ? null : m.forkMeans().stream().map(v -> v * giga).toList())
                .build();
    }

    /**
     * The thread budget of a record's figure: its {@code threads} param when the benchmark has one
     * ({@link Produces#THREAD_BUDGET} for the run's budget), else the fork's last {@code -Djmlbench.threads}.
     */
    private int threadsOf(JsonNode record, Produces p) {
        JsonNode t = record.path("params").path(Names.PARAM_THREADS);
        if (t.isMissingNode() || t.asText().equals(Produces.THREAD_BUDGET)) {
            return threadsOf(record, threads);
        }
        return Integer.parseInt(t.asText());
    }

    /** The thread budget a fork ran with: the last {@code -Djmlbench.threads} of its JVM arguments. */
    public static int threadsOf(JsonNode record, int fallback) {
        int threads = fallback;
        for (JsonNode arg : record.path("jvmArgs")) {
            String a = arg.asText();
            if (a.startsWith(THREADS_PROPERTY)) {
                try {
                    threads = Integer.parseInt(a.substring(THREADS_PROPERTY.length()));
                } catch (NumberFormatException e) {
                    // keep the earlier value: JMH recorded what the fork was given, and it was not a number
                }
            }
        }
        return threads;
    }

    /** The batch size of a record's figure: the declared one, else its batchSize param, else 1. */
    private static int batchOf(JsonNode record, Produces p) {
        if (p.batchSize() > 0) {
            return p.batchSize();
        }
        JsonNode b = record.path("params").path(BATCH_SIZE);
        return b.isMissingNode() ? 1 : Integer.parseInt(b.asText());
    }

    private static String param(JsonNode record, String name, String absent) {
        JsonNode v = record.path("params").path(name);
        return v.isMissingNode() ? absent : v.asText();
    }

    private DatasetStamp stampOf(String task) {
        return quality.measurements().stream()
                .filter(m -> m.task().equals(task) && m.dataset() != null)
                .map(Measurement::dataset)
                .findFirst().orElse(null);
    }

    /**
     * The mean of each fork's iteration scores in JMH's {@code rawData} (one array per fork), times {@code scale};
     * null when there is none. These are the figure's replicates: iterations within a fork are not independent.
     */
    public static List<Double> forkMeans(JsonNode rawData, double scale) {
        List<Double> means = new ArrayList<>();
        for (JsonNode fork : rawData) {
            double sum = 0;
            int n = 0;
            for (JsonNode v : fork) {
                sum += v.asDouble() * scale;
                n++;
            }
            if (n > 0) {
                means.add(sum / n);
            }
        }
        return means.isEmpty() ? null : means;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
