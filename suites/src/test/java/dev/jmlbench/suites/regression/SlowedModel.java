package dev.jmlbench.suites.regression;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.Parameters;

/**
 * A model that predicts exactly as the model it wraps but does 30% more work: on three calls out of ten it runs
 * the same prediction twice. Every call returns the wrapped model's answer, and on average a call takes 1.3 times
 * as long, on the same code path, whatever the JIT and the load on the machine do (a fixed busy-wait would be
 * 30% of one moment's call time, and the call time of a shared machine wanders). Used only by tests, to inject a
 * known regression into real measurements.
 */
final class SlowedModel implements Model {
    /** Extra predictions per ten calls. */
    static final int EXTRA_PER_TEN = 3;

    private final Model inner;
    private long calls;
    private long sink;

    SlowedModel(Model inner) {
        this.inner = inner;
    }

    @Override
    public float[][] predict(float[][] features) {
        float[][] out = inner.predict(features);
        if (calls++ % 10 < EXTRA_PER_TEN) {
            sink += inner.predict(features).length; // kept, so the extra work cannot be optimised away
        }
        return out;
    }

    /** Rows predicted by the extra calls, so far. */
    long extraRows() {
        return sink;
    }

    @Override
    public void importParameters(Parameters parameters) {
        inner.importParameters(parameters);
    }

    @Override
    public Parameters exportParameters() {
        return inner.exportParameters();
    }

    @Override
    public TrainingLog train(LabeledData train) {
        return inner.train(train);
    }

    @Override
    public void close() {
        inner.close();
    }
}
