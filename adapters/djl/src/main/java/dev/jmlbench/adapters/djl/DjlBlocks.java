package dev.jmlbench.adapters.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The two blocks the adapter needs that DJL has no exact counterpart for. Both compute with PyTorch operators
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
