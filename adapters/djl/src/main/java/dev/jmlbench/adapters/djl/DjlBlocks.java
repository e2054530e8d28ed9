package dev.jmlbench.adapters.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The blocks the adapter needs that DJL has no exact counterpart for. All compute with PyTorch operators
 * (autograd included); they only fix the shapes.
 */
final class DjlBlocks {
    private DjlBlocks() {
    }

    /**
     * A token embedding whose weight is exactly the canonical {@code [vocabulary, dimension]} table: input
     * {@code [batch, time]} int64 token indices, output {@code [batch, time, dimension]}, through
     * {@code torch::embedding}. DJL's own {@code Embedding} maps items to indices through a vocabulary (and may
     * add a fallback row for unknown items), so its table is not the canonical one.
     */
    static final class TokenEmbedding extends AbstractBlock {
        /** The parameter's name, as {@link #weight()} reports it. */
        static final String WEIGHT = "weight";
        private final int vocabularySize;
        private final int dimension;
        private final Parameter weight;

        TokenEmbedding(int vocabularySize, int dimension) {
            this.vocabularySize = vocabularySize;
            this.dimension = dimension;
            this.weight = addParameter(Parameter.builder().setName(WEIGHT).setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(vocabularySize, dimension)).build());
        }

        /** The embedding table, {@code [vocabulary, dimension]}. */
        Parameter weight() {
            return weight;
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray tokens = inputs.singletonOrThrow();
            if (tokens.getDataType() != DataType.INT64) {
                throw new IllegalArgumentException("embedding input must be int64 token indices, got "
                        + tokens.getDataType());
            }
            NDArray table = store.getValue(weight, tokens.getDevice(), training);
            return ai.djl.nn.core.Embedding.embedding(tokens, table, SparseFormat.DENSE);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0].addAll(new Shape(dimension))};
        }

        @Override
        public String toString() {
            return "TokenEmbedding(" + vocabularySize + ", " + dimension + ")";
        }
    }

    /**
     * The spec's Conv1D on the adapter's batch-first sequences: input {@code [batch, steps, channels]}, output
     * {@code [batch, (steps - k) / stride + 1, filters]}, no padding, cross-correlation plus bias, no activation
     * (the caller adds it). PyTorch's {@code conv1d} (DJL's {@link Conv1d#conv1d}) works on NCW
     * {@code [batch, channels, steps]}, so the input is transposed to NCW and the result back to steps by channels,
     * which a following Flatten then flattens step by step, as the spec says. The weight is PyTorch's
     * {@code [filters, channels, k]}, exactly the canonical layout; the bias is {@code [filters]}.
     */
    static final class SequenceConv1d extends AbstractBlock {
        /** Parameter names, as {@link #weight()} and {@link #bias()} report them. */
        static final String WEIGHT = "weight";
        static final String BIAS = "bias";
        private final int filters;
        private final int kernel;
        private final int stride;
        private final Parameter weight;
        private final Parameter bias;

        SequenceConv1d(int channels, int filters, int kernel, int stride) {
            this.filters = filters;
            this.kernel = kernel;
            this.stride = stride;
            this.weight = addParameter(Parameter.builder().setName(WEIGHT).setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(filters, channels, kernel)).build());
            this.bias = addParameter(Parameter.builder().setName(BIAS).setType(Parameter.Type.BIAS)
                    .optShape(new Shape(filters)).build());
        }

        /** The kernel, {@code [filters, channels, k]}. */
        Parameter weight() {
            return weight;
        }

        /** The bias, {@code [filters]}. */
        Parameter bias() {
            return bias;
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            if (x.getShape().dimension() != 3) {
                throw new IllegalArgumentException("Conv1D input must be [batch, steps, channels], got "
                        + x.getShape());
            }
            NDArray w = store.getValue(weight, x.getDevice(), training);
            NDArray b = store.getValue(bias, x.getDevice(), training);
            NDArray ncw = x.transpose(0, 2, 1);
            NDArray y = Conv1d.conv1d(ncw, w, b, new Shape(stride), new Shape(0), new Shape(1), 1)
                    .singletonOrThrow();
            return new NDList(y.transpose(0, 2, 1));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            return new Shape[] {new Shape(in.get(0), (in.get(1) - kernel) / stride + 1, filters)};
        }

        @Override
        public String toString() {
            return "SequenceConv1d(" + filters + ", k=" + kernel + ", stride=" + stride + ")";
        }
    }

    /** {@code [batch, time, units]} to the last step, {@code [batch, units]}: a recurrent layer's final state. */
    static final class LastTimeStep extends AbstractBlock {
        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            return new NDList(inputs.singletonOrThrow().get(":, -1, :"));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            return new Shape[] {new Shape(in.get(0), in.get(2))};
        }

        @Override
        public String toString() {
            return "LastTimeStep()";
        }
    }
}
