package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.conformance.EngineConformanceKit;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measurements, not checks: the training time and accuracy of every digits task on Tribuo (one warm-up run, then
 * the median of five), the cost of training epoch by epoch, and optionally the MNIST tasks. Off by default; run
 * with {@code mvn -o -B -pl adapters/tribuo test -Dtest=TribuoTimingsTest -Djmlbench.tribuo.timings=true}
 * (add {@code -Djmlbench.tribuo.mnist=true} for MNIST, which needs the fetched dataset and takes minutes).
 * Only the accuracy targets are asserted; times on a shared machine are reported, never asserted.
 */
class TribuoTimingsTest {
    private static final List<String> DIGITS = List.of("digits-logreg", "digits-liblinear", "digits-cart",
            "digits-random-forest", "digits-xgboost");

    @Test
    void digitsTasks() {
        assumeTrue(Boolean.getBoolean("jmlbench.tribuo.timings"), "set -Djmlbench.tribuo.timings=true to measure");
        int threads = Integer.getInteger("jmlbench.tribuo.threads", 1);
        try (Engine engine = new TribuoEngineProvider().open(new EngineConfig(threads, Path.of("target",
                "native-cache")))) {
            for (String id : DIGITS) {
                measure(engine, id, 5, null);
            }
            // epoch by epoch (the harness's path) against one Tribuo run of all epochs
            measure(engine, "digits-logreg", 5, (epoch, loss) -> { });
        }
    }

    @Test
    void mnistTasks() {
        assumeTrue(Boolean.getBoolean("jmlbench.tribuo.mnist"), "set -Djmlbench.tribuo.mnist=true to measure");
        int threads = Integer.getInteger("jmlbench.tribuo.threads", 1);
        try (Engine engine = new TribuoEngineProvider().open(new EngineConfig(threads, Path.of("target",
                "native-cache")))) {
            for (String id : System.getProperty("jmlbench.tribuo.mnist.tasks",
                    "mnist-logreg,mnist-cart,mnist-xgboost").split(",")) {
                measure(engine, id, 1, null);
                if (id.equals("mnist-logreg")) {
                    measure(engine, id, 1, (epoch, loss) -> { });
                }
            }
        }
    }

    private static void measure(Engine engine, String id, int runs, EpochListener listener) {
        TaskSpec task = TaskCatalogue.builtIn().get(id);
        TrainTestData data = Datasets.load(task.dataset());
        double[] seconds = new double[runs];
        double accuracy = 0;
        boolean warmUp = id.startsWith("digits"); // MNIST runs are long enough without one
        for (int run = warmUp ? -1 : 0; run < runs; run++) { // run -1 warms the JIT up
            try (Model model = engine.build(task)) {
                if (task.isNetwork()) {
                    model.importParameters(ParameterInitializer.initialize(task.model(),
                            task.training().initializer(), task.training().seed()));
                }
                long start = System.nanoTime();
                if (listener == null) {
                    model.train(data.train());
                } else {
                    model.train(data.train(), listener);
                }
                double s = (System.nanoTime() - start) / 1e9;
                accuracy = EngineConformanceKit.accuracy(model.predict(data.test().features()), data.test().labels());
                if (run >= 0) {
                    seconds[run] = s;
                }
            }
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "[tribuo timing] %s%s: accuracy %.4f, train time median %.3f s (min %.3f, max"
                        + " %.3f, %d runs%s) on %d rows, %d threads%n", id,
                listener == null ? "" : " (epoch by epoch)", accuracy, sorted[runs / 2], sorted[0], sorted[runs - 1],
                runs, warmUp ? " after a warm-up" : "", data.train().size(),
                Integer.parseInt(engine.info().threads().get("thread budget")));
        assertTrue(task.target().isMetBy(accuracy), id + ": accuracy " + accuracy);
    }
}
