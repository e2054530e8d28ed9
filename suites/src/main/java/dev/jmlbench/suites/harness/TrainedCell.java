package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;

/**
 * A model trained for one (task, engine) cell, with what its training and evaluation measured.
 *
 * @param model         the trained model, still open; the caller closes it
 * @param log           what the engine reported during training
 * @param trainSeconds  wall time of {@link Model#train}, seconds
 * @param accuracy      test accuracy
 * @param logLoss       mean negative log-likelihood of the true test class, nats
 * @param probabilities test-set class probabilities, for the parity check
 */
public record TrainedCell(Model model, TrainingLog log, double trainSeconds, double accuracy, double logLoss,
                          float[][] probabilities) {
}
