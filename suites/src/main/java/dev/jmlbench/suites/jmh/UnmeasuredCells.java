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
                    + (check.threads() != threads ? " with " + check.threads() + " threads" : "");
            String error = e.getValue().error();
            boolean unsupported = error.startsWith(ForkCheck.UNSUPPORTED);
            String reason = error.isEmpty()
                    ? what + " produced no result (see the JMH log)"
                    : unsupported ? what + ": " + error.substring(ForkCheck.UNSUPPORTED.length())
                    : what + " failed in setup: " + error;
            cells.add(new CellStatus(check.task(), check.engine(), Names.DEVICE_CPU, Names.STAGE_JMH,
                    unsupported ? CellStatus.Status.UNSUPPORTED : CellStatus.Status.FAILED, reason));
        }
        return cells;
    }

    /** Why no speed figure exists for a model trained on a device other than the CPU. */
    public static final String CPU_ONLY = "the JMH stage times models on the CPU only; speed on this device is not"
            + " measured yet (its quality figures are in the quality stage)";

    /**
     * A skipped JMH cell for every (task, engine) the quality stage trained on a device other than the CPU: its
     * speed was not measured, and the report must say so rather than show nothing.
     */
    public static List<CellStatus> onOtherDevices(List<CellStatus> qualityCells) {
        List<CellStatus> cells = new ArrayList<>();
        for (CellStatus c : qualityCells) {
            if (c.stage().equals(Names.STAGE_QUALITY) && !c.device().equals(Names.DEVICE_CPU)
                    && (c.status() == CellStatus.Status.OK || c.status() == CellStatus.Status.BELOW_TARGET)) {
                cells.add(new CellStatus(c.task(), c.engine(), c.device(), Names.STAGE_JMH, CellStatus.Status.SKIPPED,
                        CPU_ONLY));
            }
        }
        return cells;
    }
}
