package dev.jmlbench.core.results;

/** The scenario, metric and unit names that writers and readers of results agree on. */
public final class Names {
    private Names() {
    }

    /** Training to the quality target, outside JMH: accuracy, training time, log-loss, parity. */
    public static final String SCENARIO_QUALITY = "quality";
    /** Predictions per second over a batch (JMH Throughput mode); params carry the batch size. */
    public static final String SCENARIO_INFERENCE_THROUGHPUT = "inference-throughput";
    /** Time of one single-example prediction (JMH SampleTime mode), with percentiles. */
    public static final String SCENARIO_INFERENCE_LATENCY = "inference-latency";

    /** Test accuracy, unit {@link #UNIT_FRACTION}. */
    public static final String METRIC_ACCURACY = "accuracy";
    /** Wall time of the whole training run, unit {@link #UNIT_SECONDS}. */
    public static final String METRIC_TRAIN_TIME = "train-time";
    /** Mean negative log-likelihood of the true class on the test split, unit {@link #UNIT_NATS}. */
    public static final String METRIC_LOG_LOSS = "log-loss";
    /**
     * Largest absolute difference between this engine's test-set probabilities and the reference engine's,
     * both trained from identical initial weights on identical batches; unit {@link #UNIT_PROBABILITY}.
     */
    public static final String METRIC_PARITY = "parity-max-abs-diff";
    /** Samples per second, unit {@link #UNIT_SAMPLES_PER_SECOND}. */
    public static final String METRIC_THROUGHPUT = "throughput";
    /** Latency of one call; value is the mean, percentiles hold p50, p90, p99, p99.9; unit {@link #UNIT_MICROS}. */
    public static final String METRIC_LATENCY = "latency";

    public static final String UNIT_FRACTION = "fraction";
    public static final String UNIT_SECONDS = "s";
    public static final String UNIT_NATS = "nats";
    public static final String UNIT_PROBABILITY = "probability";
    public static final String UNIT_SAMPLES_PER_SECOND = "samples/s";
    public static final String UNIT_MICROS = "us";

    /** Parameter name of the batch size in {@link Measurement#params()}. */
    public static final String PARAM_BATCH_SIZE = "batchSize";
    /** Parameter name of the thread budget in {@link Measurement#params()}. */
    public static final String PARAM_THREADS = "threads";

    /** Stage names of {@link CellStatus#stage()}. */
    public static final String STAGE_OPEN = "open";
    public static final String STAGE_QUALITY = "quality";
    public static final String STAGE_JMH = "jmh";
}
