package dev.jmlbench.suites.harness;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.TaskSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deep-learning-versus-classic block: for every dataset that tasks of both kinds use (classic algorithms and
 * networks), one set of figures per (task, engine) under scenario {@link Names#SCENARIO_DL_VS_CLASSIC}, with the
 * dataset and a learner label in the params: test quality, macro-F1, training time, model size, peak heap and,
 * where JMH timed the model, its mean single-example latency. The figures are copied from the quality and JMH
 * scenarios of the same run (the first seed's), so the block is one place to read the comparison.
 */
final class DlVsClassic {
    /** Quality-scenario metrics the block carries. */
    static final Set<String> METRICS = Set.of(Names.METRIC_ACCURACY, Names.METRIC_MACRO_F1, Names.METRIC_LOG_LOSS,
            Names.METRIC_TRAIN_TIME, Names.METRIC_MODEL_SIZE, Names.METRIC_PEAK_HEAP, Names.METRIC_TIME_TO_TARGET);

    private DlVsClassic() {
    }

    /** The block's measurements for {@code results}; empty when no dataset has both kinds of task. */
    static List<Measurement> block(RunResults results) {
        Map<String, List<TaskSpec>> byDataset = results.tasks().stream()
                .collect(Collectors.groupingBy(t -> t.dataset().id(), LinkedHashMap::new, Collectors.toList()));
        Set<String> measured = results.measurements().stream()
                .filter(m -> m.scenario().equals(Names.SCENARIO_QUALITY)).map(Measurement::task)
                .collect(Collectors.toSet());
        List<Measurement> out = new ArrayList<>();
        for (Map.Entry<String, List<TaskSpec>> e : byDataset.entrySet()) {
            List<TaskSpec> tasks = e.getValue().stream().filter(t -> measured.contains(t.id())).toList();
            if (tasks.stream().noneMatch(t -> !t.isNetwork()) || tasks.stream().noneMatch(TaskSpec::isNetwork)) {
                continue; // one kind of learner only (or nothing measured): no comparison to make
            }
            for (TaskSpec task : tasks) {
                Map<String, Measurement> seen = new LinkedHashMap<>();
                for (Measurement m : results.measurements()) {
                    if (!m.task().equals(task.id())) {
                        continue;
                    }
                    boolean quality = m.scenario().equals(Names.SCENARIO_QUALITY) && METRICS.contains(m.metric());
                    boolean latency = m.scenario().equals(Names.SCENARIO_INFERENCE_LATENCY)
                            && m.metric().equals(Names.METRIC_LATENCY);
                    String key = m.engine() + "/" + m.metric();
                    if ((quality || latency) && !seen.containsKey(key)) {
                        seen.put(key, m);
                    }
                }
                for (Measurement m : seen.values()) {
                    Map<String, String> params = new LinkedHashMap<>();
                    params.put(Names.PARAM_DATASET, e.getKey());
                    params.put(Names.PARAM_LEARNER, learner(task));
                    params.put(Names.PARAM_THREADS, m.params().getOrDefault(Names.PARAM_THREADS, ""));
                    out.add(Measurement.of(m.task(), m.engine(), Names.SCENARIO_DL_VS_CLASSIC, m.metric())
                            .device(m.device()).params(params).value(m.value(), m.unit()).error(m.error())
                            .samples(m.samples()).percentiles(m.percentiles()).quality(m.accuracy(), m.qualityMet())
                            .dataset(m.dataset()).build());
                }
            }
        }
        return out;
    }

    /** A label for people: the classic algorithm's name, or what kind of network the task trains. */
    static String learner(TaskSpec task) {
        if (!task.isNetwork()) {
            return task.algorithm().displayName();
        }
        List<LayerSpec> layers = task.model().layers();
        if (layers.stream().anyMatch(l -> l instanceof LayerSpec.Conv2D)) {
            return "CNN (" + task.id() + ")";
        }
        if (layers.stream().anyMatch(l -> l instanceof LayerSpec.SimpleRnn || l instanceof LayerSpec.Lstm
                || l instanceof LayerSpec.Gru)) {
            return "RNN (" + task.id() + ")";
        }
        long dense = layers.stream().filter(l -> l instanceof LayerSpec.Dense).count();
        return dense == 1 ? "logistic regression (SGD)" : "MLP (" + dense + " dense layers)";
    }
}
