package dev.jmlbench.suites.jmh;

/**
 * The defaults JMH requires of the benchmarks' engine and task parameters. They name nothing real: the JMH stage
 * always sets the engines it finds through the SPI and the tasks of the catalogue, and a benchmark started without
 * them fails with the unknown-engine or unknown-task message, which lists the known ones.
 */
final class Unset {
    /** Default of every {@code engine} parameter. */
    static final String ENGINE = "engine-set-by-the-jmh-stage";
    /** Default of every {@code task} parameter. */
    static final String TASK = "task-set-by-the-jmh-stage";

    private Unset() {
    }
}
