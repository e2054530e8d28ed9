package dev.jmlbench.suites.jmh;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The figure a JMH benchmark method produces, declared on the method: which scenario and metric of the result
 * vocabulary ({@link dev.jmlbench.core.results.Names}) its records become, in which unit, and how JMH's scores turn
 * into that unit. {@link JmhFigures} reads this declaration from the benchmark class named in each record of JMH's
 * JSON; nothing else maps benchmark methods to figures. Every {@code @Benchmark} method of the harness carries one
 * (a test checks it).
 *
 * <p>Who a figure belongs to comes from the record's parameters: the {@code task} and {@code engine} params when the
 * benchmark has them, else {@link dev.jmlbench.core.results.Names#TASK_CALIBRATION} and
 * {@link dev.jmlbench.core.results.Names#ENGINE_MACHINE}. A figure with a task is a speed figure of a trained model:
 * it carries the quality the fork checks proved and where it was measured (forks, preset, JVM).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Produces {
    /** The value of a {@code threads} {@code @Param} that stands for the run's thread budget. */
    String THREAD_BUDGET = "budget";

    /** Scenario of the figure, a {@code Names.SCENARIO_*} constant. */
    String scenario();

    /** Metric of the figure, a {@code Names.METRIC_*} constant. */
    String metric();

    /** Unit of the figure after {@link #scale()} and {@link #perCall()}, a {@code Names.UNIT_*} constant. */
    String unit();

    /** The JMH secondary metric that holds the figure (e.g. a counter's rate); empty for the primary metric. */
    String secondary() default "";

    /** Factor from the unit of JMH's score to {@link #unit()} (e.g. {@code 1e-9} from flop/s to GFLOP/s). */
    double scale() default 1;

    /** What one call of the method processes: JMH's per-call scores are multiplied by it. */
    PerCall perCall() default PerCall.ONE;

    /**
     * The batch size of the figure when the method fixes it (a single-example latency: 1); 0 when it is the
     * record's {@code batchSize} param, or the method has none.
     */
    int batchSize() default 0;

    /** The FLOPs per example of a derived GFLOP/s figure, from the task's model; none by default. */
    FlopCount flops() default FlopCount.NONE;

    /** Whether to derive the Java heap bytes allocated per example (JMH's GC profiler) from the record. */
    boolean allocation() default false;

    /** What one call of a benchmark method processes. */
    enum PerCall {
        /** One unit of the figure per call (a latency, a cold start, a calibration rate). */
        ONE,
        /** The record's {@code batchSize} param of examples per call. */
        BATCH_SIZE,
        /** The examples per call that the fork recorded in its check ({@link ForkCheck#examplesPerCall()}). */
        EXAMPLES_PER_CALL
    }

    /** FLOPs per example of a derived GFLOP/s figure. */
    enum FlopCount {
        /** No GFLOP/s figure. */
        NONE,
        /** The forward pass of the task's network. */
        FORWARD,
        /** A training step: the forward pass and the backward pass. */
        TRAINING
    }
}
