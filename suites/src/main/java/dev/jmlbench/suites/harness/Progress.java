package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.EpochListener;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress for people: on a terminal, one line per cell rewritten in place after every epoch; elsewhere
 * (CI logs, files), one plain line per epoch.
 */
final class Progress {
    private Progress() {
    }

    /** Whether the output is an interactive terminal. */
    static boolean onTerminal() {
        return System.console() != null && System.getenv("CI") == null;
    }

    /** Progress of one training run. */
    static Training training(PrintStream out, String task, String engine, int seedIndex, int epochs) {
        return new Training(out, task + " on " + engine + (seedIndex > 0 ? " (seed " + seedIndex + ")" : ""),
                epochs, onTerminal());
    }

    /** Reports epochs as they finish. */
    static final class Training implements EpochListener {
        private final PrintStream out;
        private final String label;
        private final int epochs;
        private final boolean terminal;
        private final long start = System.nanoTime();

        Training(PrintStream out, String label, int epochs, boolean terminal) {
            this.out = out;
            this.label = label;
            this.epochs = epochs;
            this.terminal = terminal;
        }

        @Override
        public void afterEpoch(int epoch, double meanLoss) {
            // an engine that does not report its training loss (Tribuo's trainers) passes NaN: say so, not "loss NaN"
            String loss = Double.isNaN(meanLoss) ? "loss not reported by the engine"
                    : String.format(Locale.ROOT, "loss %.4f", meanLoss);
            String line = String.format(Locale.ROOT, "[train] %s: epoch %d/%d, %s, %.1f s", label, epoch, epochs, loss,
                    (System.nanoTime() - start) / 1e9);
            if (terminal) {
                out.print("\r" + line + (epoch == epochs ? "\n" : ""));
                out.flush();
            } else {
                out.println(line);
            }
        }
    }
}
