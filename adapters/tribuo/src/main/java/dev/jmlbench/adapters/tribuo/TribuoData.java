package dev.jmlbench.adapters.tribuo;

import org.tribuo.Example;
import org.tribuo.ImmutableDataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.MutableFeatureMap;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.List;

/**
 * How the adapter hands rows to Tribuo: features named {@code f0000, f0001, ...} (zero-padded, so that Tribuo's
 * name order is column order), every value stored explicitly (zeros included, so every example is dense), and
 * datasets built over a feature map and output info that cover the whole task, whatever the rows contain.
 */
final class TribuoData {
    private TribuoData() {
    }

    /** Feature names that sort in column order: {@code f0000, f0001, ...}, wider when there are more inputs. */
    static String[] featureNames(int count) {
        int width = Math.max(4, Integer.toString(count - 1).length());
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "f" + "0".repeat(width - Integer.toString(i).length()) + i;
        }
        return names;
    }

    /** A feature map that holds every one of {@code names} (each observed once, value 1). */
    static ImmutableFeatureMap featureMap(String[] names) {
        MutableFeatureMap features = new MutableFeatureMap();
        for (String name : names) {
            features.add(name, 1.0);
        }
        return new ImmutableFeatureMap(features);
    }

    /** An immutable dataset over the given domains; examples are kept as given, in order. */
    static <T extends Output<T>> ImmutableDataset<T> dataset(List<Example<T>> examples, String description,
                                                            OutputFactory<T> factory, ImmutableFeatureMap featureMap,
                                                            ImmutableOutputInfo<T> outputInfo) {
        return new ImmutableDataset<>(examples, new SimpleDataSourceProvenance("jmlbench " + description, factory),
                factory, featureMap, outputInfo, false);
    }

    static double[] toDouble(float[] row) {
        double[] d = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            d[i] = row[i];
        }
        return d;
    }

    /**
     * @throws IllegalArgumentException naming the row, its width and the expected width, when a row does not have
     *                                  {@code expected} features
     */
    static void checkWidth(float[][] features, int expected, String what) {
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != expected) {
                throw new IllegalArgumentException(what + ": input row " + i + " has " + features[i].length
                        + " features, the model expects " + expected);
            }
        }
    }
}
