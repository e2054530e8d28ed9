package dev.jmlbench.suites.jmh;

/**
 * What one JMH fork's setup found, written beside the JMH output: the accuracy of the model it timed (so a
 * speed figure always carries its accuracy), or why the setup failed.
 *
 * @param benchmark  JMH benchmark name
 * @param task       task id
 * @param engine     engine id
 * @param batchSize  the batchSize parameter of the benchmark, 1 when it has none (the check's key)
 * @param examplesPerCall examples one call of the timed method processes (for samples/s)
 * @param accuracy   test accuracy of the timed model; NaN when the setup failed
 * @param qualityMet whether that reached the task's target
 * @param origin     where the timed model came from: "trained by the quality stage" or "trained in this fork"
 * @param error      why the setup failed; empty when it did not
 */
public record ForkCheck(String benchmark, String task, String engine, int batchSize, int examplesPerCall,
                        double accuracy,
                        boolean qualityMet, String origin, String error) {

    /** The file name of a check: one per benchmark method, task, engine and batch size. */
    String fileName() {
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        return task + "__" + engine + "__" + method + "__" + batchSize + ".json";
    }
}
