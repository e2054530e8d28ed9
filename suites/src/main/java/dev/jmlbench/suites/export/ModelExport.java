package dev.jmlbench.suites.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jmlbench.conformance.ParityCheck;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.suites.harness.ParityRun;
import dev.jmlbench.suites.harness.TaskData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Exports one (task, engine) pair as a safetensors file that anyone can check without this project's code: the
 * task's canonical initial parameters (its recipe's initializer and seed, as the harness draws them), the parameters
 * after training, a probe batch of test inputs with their labels, and the engine's outputs for the probe, layer by
 * layer where the engine exposes them, before and after training. Names, shapes, dtypes and layouts are documented
 * in {@code docs/EXPORT.md}.
 *
 * <p>Training: with {@code steps == null} the task's full recipe (all epochs over the whole training set, as the
 * quality stage trains); with {@code steps = N} one epoch over the first {@code N * batchSize} training examples,
 * i.e. exactly N optimiser steps (fewer when the training set is smaller), which takes seconds on any task.
 */
public final class ModelExport {
    /** Value of the {@code format} metadata entry. */
    public static final String FORMAT = "jmlbench-export";
    /** Value of the {@code format_version} metadata entry. */
    public static final String FORMAT_VERSION = "1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What to export.
     *
     * @param task     task id of the built-in catalogue
     * @param engine   engine id
     * @param steps    optimiser steps, or null for the full recipe
     * @param examples probe examples (the first test examples)
     * @param threads  thread budget of the engine
     * @param cacheDir native library cache
     */
    public record Request(String task, String engine, Integer steps, int examples, int threads, Path cacheDir) {
    }

    /** What was written: the file, the number of tensors and whether layer outputs were included. */
    public record Written(Path file, int tensors, boolean layerOutputs, int trainExamples) {
    }

    private ModelExport() {
    }

    /**
     * Checks the request, trains and writes {@code file}.
     *
     * @throws IllegalArgumentException naming the known ids for an unknown task or engine, the engine's reason and
     *                                  the tasks it does support for an unsupported task, and for a classic task or a
     *                                  bad count
     */
    public static Written export(Request request, Path file) throws IOException, EngineUnavailableException {
        TaskCatalogue catalogue = TaskCatalogue.active();
        TaskSpec task = catalogue.get(request.task());           // unknown: lists the known tasks
        EngineProvider provider = Engines.find(request.engine()); // unknown: lists the known engines
        if (!task.isNetwork()) {
            throw new IllegalArgumentException("task '" + task.id() + "' is a classic algorithm ("
                    + task.algorithm().displayName() + ") without canonical network parameters; exportable tasks: "
                    + String.join(", ", catalogue.all().stream().filter(TaskSpec::isNetwork).map(TaskSpec::id).toList()));
        }
        if (request.steps() != null && request.steps() < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + request.steps());
        }
        if (request.examples() < 1) {
            throw new IllegalArgumentException("--examples must be at least 1, got " + request.examples());
        }
        try (Engine engine = provider.open(new EngineConfig(request.threads(), request.cacheDir()))) {
            Support s = engine.supports(task);
            if (!s.supported()) {
                List<String> supported = catalogue.all().stream()
                        .filter(t -> t.isNetwork() && engine.supports(t).supported()).map(TaskSpec::id).toList();
                throw new IllegalArgumentException("engine '" + provider.id() + "' does not support task '"
                        + task.id() + "': " + s.reason() + "; tasks it can export: " + String.join(", ", supported));
            }
            TaskData data = TaskData.load(task);
            return write(engine, task, data, request, file);
        }
    }

    private static Written write(Engine engine, TaskSpec task, TaskData data, Request request, Path file)
            throws IOException {
        TrainingRecipe r = task.training();
        TaskSpec trained = task;
        TaskData train = data;
        if (request.steps() != null) {
            trained = new TaskSpec(task.id(), task.description(), task.family(), task.dataset(), task.model(),
                    new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 1, r.initializer(), r.seed()),
                    task.target());
            long rows = Math.min((long) request.steps() * r.batchSize(), data.trainSize());
            train = data.withTrainRows((int) rows);
        }
        float[][] probe = Arrays.copyOf(data.testFeatures(), Math.min(request.examples(), data.testFeatures().length));
        Parameters initial = ParameterInitializer.initialize(task.model(), r.initializer(), r.seed());

        SafetensorsWriter w = new SafetensorsWriter();
        w.metadata("format", FORMAT).metadata("format_version", FORMAT_VERSION)
                .metadata("task", task.id()).metadata("engine", engine.info().id())
                .metadata("engine_library_version", engine.info().libraryVersion())
                .metadata("engine_native_version", engine.info().nativeVersion())
                .metadata("model", JSON.writeValueAsString(task.model()))
                .metadata("training_recipe", JSON.writeValueAsString(task.training()))
                .metadata("training", request.steps() == null
                        ? "full recipe: " + r.epochs() + " epoch(s) over " + train.trainSize() + " training examples"
                        : request.steps() + " step(s): one epoch over the first " + train.trainSize()
                        + " training examples in batches of " + r.batchSize())
                .metadata("train_examples", Integer.toString(train.trainSize()))
                .metadata("dataset", task.dataset().id())
                .metadata("dataset_sha256", data.info().sha256())
                .metadata("split", data.split())
                .metadata("probe", "the first " + probe.length + " test examples")
                .metadata("layout", "row-major; canonical parameter layout of dev.jmlbench.core.params.CanonicalLayout;"
                        + " see docs/EXPORT.md");
        params(w, "params.initial.", initial);

        boolean layers;
        try (Model model = engine.build(trained)) {
            model.importParameters(initial);
            layers = outputs(w, "outputs.initial.", task, model, probe);
            if (train instanceof TaskData.Regression reg) {
                model.trainRegression(reg.train(), EpochListener.NONE);
            } else {
                model.train(((TaskData.Classification) train).train());
            }
            params(w, "params.trained.", model.exportParameters());
            outputs(w, "outputs.trained.", task, model, probe);
        }
        // the parity stage's probe weights on the same probe: what ParityRun compares across engines
        Parameters parity = ParityCheck.probeParameters(task.model(), ParityRun.PROBE_SEED);
        params(w, "params.parity.", parity);
        try (Model model = engine.build(task)) {
            model.importParameters(parity);
            outputs(w, "outputs.parity.", task, model, probe);
        }
        w.metadata("parity", "params.parity: the parity stage's probe weights (seed " + ParityRun.PROBE_SEED
                + "), which it compares on the first " + ParityRun.EXAMPLES + " test examples");
        w.f32Rows("probe.input", task.model().inputShape(), probe);
        if (data instanceof TaskData.Regression reg) {
            RegressionData test = reg.test();
            w.f32("probe.targets", new long[] {probe.length}, Arrays.copyOf(test.targets(), probe.length));
        } else {
            LabeledData test = ((TaskData.Classification) data).test();
            long[] labels = new long[probe.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = test.labels()[i];
            }
            w.i64("probe.labels", labels);
        }
        w.metadata("layer_outputs", layers ? "every layer" : "not exposed by the engine: final outputs only");
        w.write(file);
        return new Written(file, w.tensorCount(), layers, train.trainSize());
    }

    private static void params(SafetensorsWriter w, String prefix, Parameters p) {
        for (var e : p.tensors().entrySet()) {
            Tensor t = e.getValue();
            long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
            w.f32(prefix + e.getKey(), shape, t.data());
        }
    }

    /** Writes {@code prefix + "layer<i>"} for every layer when the engine exposes them all, and {@code prefix + "output"}. */
    private static boolean outputs(SafetensorsWriter w, String prefix, TaskSpec task, Model model, float[][] probe) {
        int n = task.model().layers().size();
        List<float[][]> layers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Optional<float[][]> out = model.layerOutput(i, probe);
            if (out.isEmpty()) {
                layers.clear();
                break;
            }
            layers.add(out.get());
        }
        for (int i = 0; i < layers.size(); i++) {
            w.f32Rows(prefix + "layer" + i, task.model().shapeBefore(i + 1), layers.get(i));
        }
        w.f32Rows(prefix + "output", List.of(task.model().outputSize()), model.predict(probe));
        return !layers.isEmpty();
    }
}
