package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Names;

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
 * @param threads    the thread budget the fork ran with (the thread sweep's forks have their own checks)
 * @param forkId     the fork's process id: every fork writes its own check, and a figure is verified only when
 *                   every one of its forks proved the quality of what it timed
 * @param engineThreads what the engine reported it really used, e.g. {@code OMP_NUM_THREADS=2, intra-op=2}
 * @param device     the device the fork built the timed model on ({@link Names#DEVICE_CPU} when not given)
 */
public record ForkCheck(String benchmark, String task, String engine, int batchSize, int examplesPerCall,
                        double accuracy, boolean qualityMet, String origin, String error, int threads, long forkId,
                        String engineThreads, String device) {
    /** The start of a check's error when the engine refused the task: its cell is UNSUPPORTED, not FAILED. */
    public static final String UNSUPPORTED = "unsupported: ";

    public ForkCheck {
        device = device == null || device.isBlank() ? Names.DEVICE_CPU : device;
    }

    /** A check of this fork (its thread budget and process id filled in). */
    public ForkCheck(String benchmark, String task, String engine, int batchSize, int examplesPerCall,
                     double accuracy, boolean qualityMet, String origin, String error) {
        this(benchmark, task, engine, batchSize, examplesPerCall, accuracy, qualityMet, origin, error,
                Integer.getInteger("jmlbench.threads", 1), ProcessHandle.current().pid(), "", Names.DEVICE_CPU);
    }

    /** This check with what the engine reported about its threads. */
    public ForkCheck withEngineThreads(String applied) {
        return new ForkCheck(benchmark, task, engine, batchSize, examplesPerCall, accuracy, qualityMet, origin, error,
                threads, forkId, applied, device);
    }

    /** This check of a fork that built its model on {@code onDevice}. */
    public ForkCheck onDevice(String onDevice) {
        return new ForkCheck(benchmark, task, engine, batchSize, examplesPerCall, accuracy, qualityMet, origin, error,
                threads, forkId, engineThreads, onDevice);
    }

    /** The method name of the benchmark. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The figure this check belongs to: benchmark method, task, engine, batch size, thread budget and device. */
    public String figureKey() {
        return figureKey(task, engine, method(), batchSize, threads, device);
    }

    /** The key of a figure on the CPU, as {@link #figureKey()} builds it. */
    public static String figureKey(String task, String engine, String method, int batchSize, int threads) {
        return figureKey(task, engine, method, batchSize, threads, Names.DEVICE_CPU);
    }

    /** The key of a figure, as {@link #figureKey()} builds it. */
    public static String figureKey(String task, String engine, String method, int batchSize, int threads,
                                   String device) {
        return task + "/" + engine + "/" + method + "/" + batchSize + "/" + threads
                + (Names.DEVICE_CPU.equals(device) ? "" : "/" + device);
    }

    /** The file name of a check: one per figure and fork. */
    String fileName() {
        return task + "__" + engine + "__" + method() + "__" + batchSize + "__t" + threads
                + (Names.DEVICE_CPU.equals(device) ? "" : "__" + device) + "__f" + forkId + ".json";
    }
}
