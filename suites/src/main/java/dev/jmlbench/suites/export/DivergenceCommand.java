package dev.jmlbench.suites.export;

import dev.jmlbench.suites.cli.EngineOptions;
import dev.jmlbench.suites.cli.FileOptions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jmlbench.conformance.DivergenceCurve;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.results.AtomicFiles;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.DatasetException;
import dev.jmlbench.suites.harness.DivergenceStudy;
import dev.jmlbench.suites.harness.TaskData;
import dev.jmlbench.core.results.Names;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jmlbench divergence}: the training-divergence curve of {@link DivergenceCurve} for one classification task,
 * every chosen engine against the reference engine, beside the rounding baseline (the reference against itself
 * started one float32 ulp away). Prints a table and writes {@code <out>/divergence/<task>.json}.
 */
@Command(name = "divergence", description = "Trains each engine and the reference from identical weights on identical"
        + " batches and prints how far they drift apart after 1, 10, 100, ... steps and at the end, beside the"
        + " rounding baseline (the reference started one float32 ulp away).")
public final class DivergenceCommand implements Callable<Integer> {
    @Option(names = "--task", required = true, description = "a network classification task of the catalogue")
    String task;

    @Option(names = "--engines", split = ",", description = "engines to compare with the reference (default: every"
            + " engine that supports the task)")
    List<String> engines;

    @Option(names = "--steps", split = ",", defaultValue = "1,10,100,1000,end", description = "checkpoints: step"
            + " counts within the first epoch, and 'end' for the full recipe (default: ${DEFAULT-VALUE})")
    List<String> steps;

    @Option(names = "--examples", defaultValue = "1000", description = "probe: the first N test examples (default:"
            + " ${DEFAULT-VALUE})")
    int examples;

    @CommandLine.Mixin
    FileOptions.Out outOption;

    @CommandLine.Mixin
    EngineOptions engineOptions;


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TaskSpec t = TaskCatalogue.active().get(task);
        if (!t.isNetwork() || t.isRegression()) {
            throw new IllegalArgumentException("task '" + task + "' is not a network classifier; divergence curves"
                    + " compare class probabilities");
        }
        List<EngineProvider> providers = Engines.select(engines == null ? List.of() : engines);
        if (examples < 1) {
            throw new IllegalArgumentException("--examples must be at least 1, got " + examples);
        }
        List<Integer> checkpoints = new ArrayList<>();
        for (String s : steps) {
            String v = s.strip();
            try {
                checkpoints.add(v.equals("end") ? -1 : Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--steps takes step counts and 'end', got '" + v + "'");
            }
        }
        PrintWriter log = spec.commandLine().getErr();
        TaskData.Classification data;
        try {
            data = (TaskData.Classification) TaskData.load(t);
        } catch (DatasetException e) {
            log.println("jmlbench: divergence failed: " + e.getMessage());
            return 1;
        }
        DivergenceStudy.Curves result = DivergenceStudy.run(t, data, providers, checkpoints, examples,
                new EngineConfig(engineOptions.threads, engineOptions.cacheDir), log::println);
        Map<String, Object> curves = new LinkedHashMap<>();
        for (DivergenceStudy.Curve c : result.curves()) {
            curves.put(Names.START_ONE_ULP.equals(c.start()) ? c.engine() + "+1ulp" : c.engine(), c.points());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("task", t.id());
        doc.put("probeExamples", result.probeExamples());
        doc.put("stepsPerEpoch", result.stepsPerEpoch());
        doc.put("note", "steps -1 = end of the full recipe; each checkpoint trained afresh from the task's initial"
                + " parameters; maxParamDiff = max |w - w_ref|; output differences over the probe examples");
        doc.put("curves", curves);
        Path file = outOption.out.resolve("divergence").resolve(t.id() + ".json");
        AtomicFiles.write(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(doc));
        log.println("[divergence] wrote " + file);
        return 0;
    }
}
