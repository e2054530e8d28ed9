package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;

import java.util.List;

/**
 * A model trained for one (task, engine) cell, with what its training and evaluation measured.
 *
 * @param model        the trained model, still open; the caller closes it
 * @param log          what the engine reported during training
 * @param trainSeconds wall time of training, seconds, without the time the harness spent evaluating per epoch
 * @param evaluation   quality on the test split
 * @param outputs      test-set outputs (class probabilities or values), for the parity check
 * @param curve        quality after every epoch, when the engine reports epochs; empty otherwise
 * @param timeToTarget training seconds until the target was first met (checked after every epoch; for engines
 *                     without epochs, the whole training time when met); null when never met
 * @param peakHeap     largest Java heap in use while training, bytes
 * @param peakRss      largest resident set size while training, bytes (0 when unknown)
 * @param modelSize    trainable parameters of a network, nodes of a tree model; null when unknown
 */
public record TrainedCell(Model model, TrainingLog log, double trainSeconds, Evaluation evaluation,
                          float[][] outputs, List<EpochPoint> curve, Double timeToTarget, long peakHeap,
                          long peakRss, Long modelSize) {
    public TrainedCell {
        curve = List.copyOf(curve);
    }

    /**
     * One epoch of a training curve.
     *
     * @param epoch      1-based epoch
     * @param trainLoss  mean training loss the engine reported (NaN when it does not)
     * @param elapsed    cumulative training seconds at the end of the epoch, from the start of the engine's training
     *                   call (the model built and its initial parameters imported before), without the time the
     *                   harness spent after earlier epochs (evaluation, progress display)
     * @param evaluation test-split quality after the epoch
     */
    public record EpochPoint(int epoch, double trainLoss, double elapsed, Evaluation evaluation) {
    }

    /** The value of the task's target metric on the test split. */
    public double quality() {
        return evaluation.target();
    }
}
