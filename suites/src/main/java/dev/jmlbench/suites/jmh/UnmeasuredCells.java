package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Names;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cells of the JMH stage that produced no figure: a fork wrote its check (it set up, or failed to), but no
 * record of JMH's JSON became that figure. Each becomes a FAILED cell (UNSUPPORTED when the fork found the engine
 * does not support the task) with the reason its fork recorded.
 */
public final class UnmeasuredCells {
    private UnmeasuredCells() {
    }

    /**
     * @param checks   every figure's fork checks, by {@link ForkCheck#figureKey()}
     * @param measured the keys of the figures JMH's records produced
     * @param threads  the run's thread budget (a figure of another budget says so)
     */
    public static List<CellStatus> of(Map<String, ForkChecks> checks, Set<String> measured, int threads) {
        List<CellStatus> cells = new ArrayList<>();
        for (Map.Entry<String, ForkChecks> e : checks.entrySet()) {
            if (measured.contains(e.getKey())) {
                continue;
            }
            ForkCheck check = e.getValue().first();
            boolean batched = JmhFigures.declaration(check.benchmark())
                    .map(p -> p.perCall() == Produces.PerCall.BATCH_SIZE).orElse(false);
            String what = "JMH benchmark " + check.method() + (batched ? " (batch " + check.batchSize() + ")" : "")
                    + (check.threads() != threads ? " with " + check.threads() + " threads" : "")
                    + (Names.DEVICE_CPU.equals(check.device()) ? "" : " on " + check.device());
            String error = e.getValue().error();
            boolean unsupported = error.startsWith(ForkCheck.UNSUPPORTED);
            String reason = error.isEmpty()
                    ? what + " produced no result (see the JMH log)"
                    : unsupported ? what + ": " + error.substring(ForkCheck.UNSUPPORTED.length())
                    : what + " failed in setup: " + error;
            cells.add(new CellStatus(check.task(), check.engine(), check.device(), Names.STAGE_JMH,
                    unsupported ? CellStatus.Status.UNSUPPORTED : CellStatus.Status.FAILED, reason));
        }
        return cells;
    }
}
