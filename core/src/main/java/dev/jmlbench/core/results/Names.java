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

    /** Unweighted mean over classes of the per-class F1 score on the test split, unit {@link #UNIT_FRACTION}. */
    public static final String METRIC_MACRO_F1 = "macro-f1";
    /** Root mean squared error of a regression on the test split, unit {@link #UNIT_TARGET}. */
    public static final String METRIC_RMSE = "rmse";
    /** Mean squared error of a regression (files of earlier versions), unit {@link #UNIT_TARGET} squared. */
    public static final String METRIC_MSE = "mse";
    /** Coefficient of determination of a regression on the test split, unit {@link #UNIT_FRACTION}. */
    public static final String METRIC_R2 = "r2";
    /** Mean negative log2-likelihood of the true next character, unit {@link #UNIT_BITS}. */
    public static final String METRIC_BITS_PER_CHARACTER = "bits-per-character";
    /**
     * Training wall time until the test metric first reached the quality target, checked after every epoch
     * (evaluation time excluded), unit {@link #UNIT_SECONDS}; absent when the target was never reached.
     */
    public static final String METRIC_TIME_TO_TARGET = "time-to-target";
    /**
     * Training seconds from the start of training to the end of the first epoch, unit {@link #UNIT_SECONDS}: the
     * first value of the {@link #METRIC_ELAPSED} curve. It counts everything the engine does in its training call
     * up to then (converting the training data, native initialisation, JIT compilation and warm-up), but not the
     * model's construction and initial parameters, nor the harness's evaluation after the epoch. One cold
     * measurement per seed; only for engines that report epochs.
     */
    public static final String METRIC_FIRST_EPOCH_TIME = "first-epoch-time";
    /**
     * Steady-state training seconds per epoch, unit {@link #UNIT_SECONDS}: the median duration of epochs 2..n, each
     * the difference of consecutive {@link #METRIC_ELAPSED} values (so the harness's evaluation after every epoch is
     * not counted). Only for engines that report epochs, and with at least two epochs.
     */
    public static final String METRIC_EPOCH_TIME = "epoch-time";
    /** Size of the trained model: trainable parameters of a network, nodes of a tree or forest; unit {@link #UNIT_COUNT}. */
    public static final String METRIC_MODEL_SIZE = "model-size";
    /**
     * Largest Java heap in use during training (sampled, after the data was loaded), unit {@link #UNIT_BYTES}.
     */
    public static final String METRIC_PEAK_HEAP = "peak-heap";
    /** Largest resident set size of the process during training (sampled from /proc), unit {@link #UNIT_BYTES}. */
    public static final String METRIC_PEAK_RSS = "peak-rss";
    /**
     * Per-epoch series in {@link Measurement#rawScores()} (index 0 = epoch 1); value is the last epoch's. Scenario
     * {@link #SCENARIO_TRAINING_CURVE}; the metric names what the series holds (e.g. {@link #METRIC_ACCURACY}
     * on the test split, {@link #METRIC_TRAIN_LOSS}, {@link #METRIC_ELAPSED}).
     */
    public static final String METRIC_TRAIN_LOSS = "train-loss";
    /** Cumulative training seconds at the end of each epoch (in a training curve), unit {@link #UNIT_SECONDS}. */
    public static final String METRIC_ELAPSED = "elapsed";
    /** Empirical growth exponent b of {@code y = a * rows^b}, fitted by least squares on log-log; unit {@link #UNIT_COUNT}. */
    public static final String METRIC_GROWTH_EXPONENT = "growth-exponent";
    /** L2 norm of the loss gradient with respect to the input at each time step (long-sequence experiment). */
    public static final String METRIC_GRADIENT_NORM = "gradient-norm";
    /**
     * Wall time of one training step (one mini-batch: forward, backward, optimiser update), unit
     * {@link #UNIT_SECONDS} (long-sequence experiment). The median over the epochs after the first of the epoch's
     * time divided by its steps where the engine reports epochs (JIT and allocator warm-up stay in the first epoch);
     * otherwise the whole training time divided by all its steps, warm-up included. Its raw scores hold the per-epoch
     * values the median was taken over (empty when it is the whole-run figure).
     */
    public static final String METRIC_STEP_TIME = "step-time";

    /** One measurement per (task, engine, seed) metric with its per-epoch series in {@code rawScores}. */
    public static final String SCENARIO_TRAINING_CURVE = "training-curve";
    /** Training cost and quality against training-set size; params carry {@link #PARAM_ROWS}. */
    public static final String SCENARIO_SCALING = "scaling";
    /**
     * The growth exponent fitted over a scaling series; params carry {@link #PARAM_OF} (the metric fitted) and
     * error holds the standard error of the exponent.
     */
    public static final String SCENARIO_SCALING_FIT = "scaling-fit";
    /** The same dataset solved by classic and deep learners; the quality figures of the tasks in one block. */
    public static final String SCENARIO_DL_VS_CLASSIC = "dl-vs-classic";
    /** Recurrent cells against sequence length on a synthetic long-range task; params carry {@link #PARAM_SEQUENCE_LENGTH}. */
    public static final String SCENARIO_LONG_SEQUENCE = "long-sequence";
    /**
     * Training divergence: an engine trained from the task's initial parameters for {@link #PARAM_STEPS} optimiser
     * steps against the parity reference trained the same way; the parity reference itself, started one float32
     * ulp away ({@link #PARAM_START}), is the rounding baseline. Metrics {@link #METRIC_MAX_PARAM_DIFF},
     * {@link #METRIC_MAX_OUTPUT_DIFF}, {@link #METRIC_MEDIAN_OUTPUT_DIFF}, {@link #METRIC_SAME_CLASS_SHARE}.
     */
    public static final String SCENARIO_TRAINING_DIVERGENCE = "training-divergence";
    /** Optimiser steps trained (the full recipe's count for its end point). */
    public static final String PARAM_STEPS = "steps";
    /** {@code end} for the full recipe's end point, absent otherwise. */
    public static final String PARAM_CHECKPOINT = "checkpoint";
    /** How the run started: {@link #START_SAME} weights as the reference, or {@link #START_ONE_ULP} away. */
    public static final String PARAM_START = "start";
    public static final String START_SAME = "same weights";
    public static final String START_ONE_ULP = "1 ulp away";
    /** Largest {@code |w - w_ref|} over every parameter. */
    public static final String METRIC_MAX_PARAM_DIFF = "max-param-diff";
    /** Largest {@code |p - p_ref|} over the probe examples' class probabilities. */
    public static final String METRIC_MAX_OUTPUT_DIFF = "max-output-diff";
    /** Median over the probe examples of each one's largest {@code |p - p_ref|}. */
    public static final String METRIC_MEDIAN_OUTPUT_DIFF = "median-output-diff";
    /** Share of probe examples on which both predict the same class. */
    public static final String METRIC_SAME_CLASS_SHARE = "same-class-share";

    public static final String UNIT_FRACTION = "fraction";
    /** Units of a regression target after the task's preprocessing. */
    public static final String UNIT_TARGET = "target units";
    public static final String UNIT_BITS = "bits";
    public static final String UNIT_BYTES = "bytes";
    public static final String UNIT_COUNT = "count";
    public static final String UNIT_SECONDS = "s";
    public static final String UNIT_NATS = "nats";
    public static final String UNIT_PROBABILITY = "probability";
    public static final String UNIT_SAMPLES_PER_SECOND = "samples/s";
    public static final String UNIT_MICROS = "us";

    /** Parameter name of the batch size in {@link Measurement#params()}. */
    public static final String PARAM_BATCH_SIZE = "batchSize";
    /** Parameter name of the number of training rows (scaling study). */
    public static final String PARAM_ROWS = "rows";
    /** Parameter name of the seed (initial weights and, for classic algorithms, the algorithm's seed). */
    public static final String PARAM_SEED = "seed";
    /** Parameter name of the learner (algorithm or network) in a dl-vs-classic block. */
    public static final String PARAM_LEARNER = "learner";
    /** Parameter name of the metric a scaling fit was made for. */
    public static final String PARAM_OF = "of";
    /** Parameter name of the sequence length (long-sequence experiment). */
    public static final String PARAM_SEQUENCE_LENGTH = "sequenceLength";
    /** Parameter name of the recurrent cell (long-sequence experiment). */
    public static final String PARAM_CELL = "cell";
    /** Parameter name of the dataset a dl-vs-classic block compares on. */
    public static final String PARAM_DATASET = "dataset";
    /** Parameter name of the thread budget in {@link Measurement#params()}. */
    public static final String PARAM_THREADS = "threads";

    /** Training steps per second over a fixed slice, as samples/s (JMH Throughput mode). */
    public static final String SCENARIO_TRAINING_THROUGHPUT = "training-throughput";
    /** From a fresh JVM to the first prediction (JMH SingleShotTime, one sample per fork). */
    public static final String SCENARIO_COLD_START = "cold-start";
    /** Cold-start time, unit {@link #UNIT_MILLIS}. */
    public static final String METRIC_COLD_START = "cold-start";
    /** The machine's calibration figures: FMA peak, each engine's sgemm, the harness's own overhead. */
    public static final String SCENARIO_CALIBRATION = "calibration";
    /** Heap bytes allocated per example, from JMH's GC profiler. */
    public static final String METRIC_ALLOCATION = "allocation";
    /** Forward (or, for training, forward and backward) GFLOP/s of a throughput figure. */
    public static final String METRIC_GFLOPS = "gflops";
    /** Calibration: FMA peak of the cores at a thread count, GFLOP/s. */
    public static final String METRIC_FMA_PEAK = "fma-peak-gflops";
    /** Calibration: an engine's sgemm rate on n x n matrices, GFLOP/s. */
    public static final String METRIC_SGEMM = "sgemm-gflops";
    /** Calibration: time of the inference benchmark's timed body around an empty model, ns per call. */
    public static final String METRIC_HARNESS_OVERHEAD = "harness-overhead";
    /** That time as a fraction of a measured call's time (derived for every inference figure). */
    public static final String METRIC_HARNESS_OVERHEAD_FRACTION = "harness-overhead-fraction";
    /** Engine id of figures that belong to the machine rather than an engine (FMA peak, harness overhead). */
    public static final String ENGINE_MACHINE = "machine";
    /** Task id of the calibration figures (they belong to the machine, not to a task). */
    public static final String TASK_CALIBRATION = "calibration";
    public static final String UNIT_MILLIS = "ms";
    /** Billions of floating-point operations per second. */
    public static final String UNIT_GFLOPS = "GFLOP/s";
    /** Nanoseconds per call of a benchmark method. */
    public static final String UNIT_NANOS_PER_CALL = "ns/call";
    /** Java heap bytes allocated per example. */
    public static final String UNIT_BYTES_PER_EXAMPLE = "B/example";

    /** Latency percentile names in {@link Measurement#percentiles()}: the median, p90, p99, p99.9 and the maximum. */
    public static final String PERCENTILE_P50 = "p50";
    public static final String PERCENTILE_P90 = "p90";
    public static final String PERCENTILE_P99 = "p99";
    public static final String PERCENTILE_P999 = "p99.9";
    public static final String PERCENTILE_P9999 = "p99.99";
    public static final String PERCENTILE_MAX = "max";
    /** Nanoseconds. */
    public static final String UNIT_NANOS = "ns";
    /** Minutes. */
    public static final String UNIT_MINUTES = "min";

    /**
     * Forward parity: identical canonical probe weights loaded into an engine and the reference engine, one
     * forward pass on test examples, outputs compared (the parity stage).
     */
    public static final String SCENARIO_PARITY_FORWARD = "parity-forward";
    /** Largest absolute difference of the output probabilities, unit {@link #UNIT_PROBABILITY}. */
    public static final String METRIC_FORWARD_MAX_ABS = "forward-max-abs-diff";
    /** Largest relative difference of the output probabilities, unit {@link #UNIT_RELATIVE}. */
    public static final String METRIC_FORWARD_MAX_REL = "forward-max-rel-diff";
    /** Largest absolute difference of one layer's outputs, unit {@link #UNIT_VALUE}. */
    public static final String METRIC_LAYER_MAX_ABS = "layer-max-abs-diff";
    /** A relative difference. */
    public static final String UNIT_RELATIVE = "relative";
    /** A layer's output values. */
    public static final String UNIT_VALUE = "value";
    /** Parameter name of the first layer beyond its tolerance ({@link #NONE} when none). */
    public static final String PARAM_FIRST_DIVERGENCE = "firstDivergence";
    /** Parameter name of the float32 allowance a difference is judged against. */
    public static final String PARAM_ALLOWANCE = "allowance";
    /** Parameter name of how a parity comparison was made: layer by layer or output only. */
    public static final String PARAM_COMPARISON = "comparison";
    /** Parameter name of the number of test examples compared. */
    public static final String PARAM_EXAMPLES = "examples";
    /** Parameter name of a layer's index. */
    public static final String PARAM_LAYER = "layer";
    /** Parameter name of a layer's kind. */
    public static final String PARAM_KIND = "kind";
    /** The value of a parameter that names nothing (no divergent layer). */
    public static final String NONE = "none";

    /** The memory study: a trained model predicting without pause, its resident set sampled. */
    public static final String SCENARIO_MEMORY = "memory";
    /**
     * Slope of the resident set size over the memory study, unit {@link #UNIT_BYTES_PER_SECOND}; its raw scores are
     * the resident set in MiB, sampled evenly over {@link #PARAM_SECONDS} while the model made {@link #PARAM_CALLS}
     * predictions.
     */
    public static final String METRIC_RSS_SLOPE = "rss-slope";
    /**
     * Slope of the committed Java heap over the memory study, unit {@link #UNIT_BYTES_PER_SECOND}; its raw scores are
     * the committed heap in MiB at the same instants as {@link #METRIC_RSS_SLOPE}'s, so that resident memory less the
     * heap is the native memory.
     */
    public static final String METRIC_HEAP_SLOPE = "heap-slope";
    /** Parameter of the memory study: how long the model predicted, in seconds. */
    public static final String PARAM_SECONDS = "seconds";
    /** Parameter of the memory study: how many predictions (batches) the model made. */
    public static final String PARAM_CALLS = "calls";
    /** The gradient norm at the first time step divided by that at the last (long-sequence experiment). */
    public static final String UNIT_FIRST_TO_LAST_STEP = "ratio first/last step";
    /** Bytes per second. */
    public static final String UNIT_BYTES_PER_SECOND = "bytes/s";

    /**
     * The scenarios whose figures are speeds measured in forked JVMs on a trained model: each is quality-gated
     * and compared between engines as a ratio over forks.
     */
    public static final java.util.List<String> SPEED_SCENARIOS = java.util.List.of(SCENARIO_INFERENCE_THROUGHPUT,
            SCENARIO_INFERENCE_LATENCY, SCENARIO_TRAINING_THROUGHPUT, SCENARIO_COLD_START);

    /** Parameter name of the preset a figure was measured with. */
    public static final String PARAM_PRESET = "preset";
    /** Parameter name of the number of JMH forks (environment, not part of what was measured). */
    public static final String PARAM_FORKS = "forks";
    /** Parameter name of the JVM a figure was measured on (environment, not part of what was measured). */
    public static final String PARAM_JVM = "jvm";
    /**
     * Parameter name of the shard of a sharded run that measured a figure, {@code K/N} (environment, not part of what
     * was measured); absent from an unsharded run's figures.
     */
    public static final String PARAM_SHARD = "shard";
    /**
     * Parameter name of the fingerprint of a sharded run's partition of its tasks over the shards (environment): the
     * same in every shard of one run; parts with different ones split the tasks differently.
     */
    public static final String PARAM_SHARD_PLAN = "shardPlan";
    /**
     * Parameters that say where and how long a figure was measured (JVM, forks, preset, shard), not what was measured: left out of the key
     * under which figures are paired (between engines in a run, or between runs), so that a JDK upgrade or another
     * fork count is compared with the run before it.
     */
    public static final java.util.Set<String> ENVIRONMENT_PARAMS = java.util.Set.of(PARAM_JVM, PARAM_FORKS,
            PARAM_PRESET, PARAM_SHARD, PARAM_SHARD_PLAN, "engineThreads");
    /** Parameter name of the examples one call of a training benchmark processes. */
    public static final String PARAM_EXAMPLES_PER_CALL = "examplesPerCall";
    /** Parameter name of the epochs of a training recipe. */
    public static final String PARAM_EPOCHS = "epochs";
    /** Parameter name of the matrix size of the sgemm calibration ({@code n x n}). */
    public static final String PARAM_MATRIX_SIZE = "n";
    /**
     * Parameter of a speed figure whose quality no fork measured by design, with the value
     * {@link #QUALITY_CHECK_NONE}: the training throughput of a task a preset times without training it to its target
     * (the catalogue group {@code jmh-training}). Without it, a speed figure with no proved quality is unverified.
     */
    public static final String PARAM_QUALITY_CHECK = "qualityCheck";
    /** The value of {@link #PARAM_QUALITY_CHECK}: the preset does not train this task to its target. */
    public static final String QUALITY_CHECK_NONE = "none: training throughput only in this preset";
    /** Parameter name of the thread settings an engine reported it applied in the fork (environment). */
    public static final String PARAM_ENGINE_THREADS = "engineThreads";

    /** Device of every figure measured on the CPU. */
    public static final String DEVICE_CPU = "cpu";

    /** Stage names of {@link CellStatus#stage()}. */
    public static final String STAGE_OPEN = "open";
    public static final String STAGE_QUALITY = "quality";
    public static final String STAGE_JMH = "jmh";
    public static final String STAGE_PARITY = "parity";
    public static final String STAGE_SCALING = "scaling";
    public static final String STAGE_LONG_SEQUENCE = "long-sequence";
}
