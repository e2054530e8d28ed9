package dev.jmlbench.core.data;

import java.util.Arrays;

/**
 * A character-level corpus: the alphabet and the text as indices into it, split chronologically (the first
 * part trains, the rest tests), for character-level language modelling.
 *
 * @param info     provenance
 * @param split    how it was split
 * @param alphabet the distinct characters (code points) of the whole text, sorted; token i is alphabet[i]
 * @param train    training tokens
 * @param test     test tokens
 */
public record TextCorpus(DatasetInfo info, String split, int[] alphabet, int[] train, int[] test) {

    /** Number of distinct tokens. */
    public int vocabularySize() {
        return alphabet.length;
    }

    /**
     * Entropy in bits per character of the unigram (character frequency) distribution of the training part: the
     * loss of a model that ignores context, the floor a sequence model must beat.
     */
    public double unigramEntropyBits() {
        long[] counts = new long[alphabet.length];
        for (int t : train) {
            counts[t]++;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / train.length;
                h -= p * Math.log(p) / Math.log(2);
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return "TextCorpus[" + info.id() + ", " + alphabet.length + " symbols, " + train.length + "/" + test.length
                + " tokens, alphabet " + Arrays.toString(Arrays.copyOf(alphabet, Math.min(5, alphabet.length)))
                + "...]";
    }
}
