package dev.jmlbench.datasets;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.task.DatasetRef;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetsTest {

    @Test
    void committedDatasetsMatchTheirPublishedCountsAndClassBalance() {
        assertEquals(List.of("iris", "wine", "breast-cancer", "digits", "diabetes", "moby-dick", "us-births", "mnist"),
                Datasets.ids());
        assertCounts("iris", 150, 4, new int[] {50, 50, 50});
        assertCounts("wine", 178, 13, new int[] {59, 71, 48});
        // breast cancer: 212 malignant, 357 benign (scikit-learn documentation)
        assertCounts("breast-cancer", 569, 30, new int[] {212, 357});
        assertCounts("digits", 1797, 64, new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180});
    }

    private static void assertCounts(String id, int samples, int features, int[] classCounts) {
        TrainTestData d = Datasets.load(new DatasetRef(id, 0.2, 7));
        assertEquals(samples, d.train().size() + d.test().size(), id + " samples");
        assertEquals(features, d.train().numFeatures(), id + " features");
        int[] counts = new int[classCounts.length];
        for (int c = 0; c < counts.length; c++) {
            counts[c] = d.train().classCounts()[c] + d.test().classCounts()[c];
        }
        assertArrayEquals(classCounts, counts, id + " class counts");
        assertEquals(Datasets.entry(id).digest(), d.info().sha256());
    }

    @Test
    void irisNamesItsClassesAndProvenance() {
        TrainTestData d = Datasets.load(new DatasetRef("iris", 0.2, 42));
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.info().classNames());
        assertTrue(d.info().source().contains("python3-sklearn 1.2.1+dfsg-1"));
        assertTrue(d.info().licence().startsWith("BSD-3-Clause"));
    }

    @Test
    void splitIsStratifiedAndDeterministic() {
        TrainTestData a = Datasets.load(new DatasetRef("iris", 0.2, 42));
        TrainTestData b = Datasets.load(new DatasetRef("iris", 0.2, 42));
        TrainTestData c = Datasets.load(new DatasetRef("iris", 0.2, 43));
        assertArrayEquals(new int[] {10, 10, 10}, a.test().classCounts());
        assertArrayEquals(new int[] {40, 40, 40}, a.train().classCounts());
        assertArrayEquals(a.train().labels(), b.train().labels());
        assertTrue(Arrays.deepEquals(a.train().features(), b.train().features()));
        assertNotEquals(Arrays.toString(a.train().labels()), Arrays.toString(c.train().labels()));
        // the training order interleaves classes: SGD without shuffling must not see 40 setosa in a row
        int longestRun = 1;
        int run = 1;
        int[] y = a.train().labels();
        for (int i = 1; i < y.length; i++) {
            run = y[i] == y[i - 1] ? run + 1 : 1;
            longestRun = Math.max(longestRun, run);
        }
        assertTrue(longestRun < 10, "longest run of one class in training order: " + longestRun);
    }

    @Test
    void featuresAreStandardisedWithTrainingStatisticsOnly() {
        TrainTestData d = Datasets.load(new DatasetRef("wine", 0.25, 1));
        float[][] x = d.train().features();
        for (int j = 0; j < x[0].length; j++) {
            double mean = 0;
            for (float[] row : x) {
                mean += row[j];
            }
            mean /= x.length;
            double var = 0;
            for (float[] row : x) {
                var += (row[j] - mean) * (row[j] - mean);
            }
            assertEquals(0, mean, 1e-5, "train mean of column " + j);
            assertEquals(1, Math.sqrt(var / x.length), 1e-4, "train std of column " + j);
        }
        // the test part is scaled with the training statistics, so its mean is near but not exactly 0
        double testMean = 0;
        for (float[] row : d.test().features()) {
            testMean += row[0];
        }
        assertNotEquals(0.0, testMean / d.test().size(), 1e-6);
    }

    @Test
    void unknownDatasetListsTheKnownOnes() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> Datasets.load(new DatasetRef("mnist-typo", 0.2, 1)));
        assertTrue(e.getMessage().contains("unknown dataset 'mnist-typo'"), e.getMessage());
        assertTrue(e.getMessage().contains("iris"), e.getMessage());
    }

    @Test
    void checksumMismatchNamesFileAndBothSums() {
        byte[] bytes = "150,4,a,b,c\n".getBytes(StandardCharsets.UTF_8);
        DatasetException e = assertThrows(DatasetException.class,
                () -> Bytes.verifySha256(bytes, Datasets.entry("iris").digest(), "iris.csv"));
        assertTrue(e.getMessage().contains("iris.csv: SHA-256 mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains(Datasets.entry("iris").digest()), e.getMessage());
        assertTrue(e.getMessage().contains(Datasets.sha256(bytes)), e.getMessage());
        assertTrue(e.getMessage().contains("put the new checksum (sha256sum FILE) in the manifest"), e.getMessage());
    }

    @Test
    void missingFileNamesTheFileAndWhereItShouldBe() {
        DatasetException e = assertThrows(DatasetException.class, () -> CommittedFiles.readResource("data/gone.csv"));
        assertTrue(e.getMessage().contains("dataset file data/gone.csv is missing from the class path"), e.getMessage());
    }

    @Test
    void committedFileCheckedAfterDecompressionWhenGzippedHere() {
        DatasetCatalogue.Located located = DatasetCatalogue.builtIn().located("us-births");
        ManifestEntry.ManifestFile births = located.entry().files().get(0);
        assertTrue(births.gzippedHere());
        byte[] plain = DataFiles.read(located).get(births.name());
        assertEquals(births.sha256(), Datasets.sha256(plain));
        assertTrue(new String(plain, 0, 20, StandardCharsets.UTF_8).startsWith("year,month"));
        ManifestEntry e = located.entry();
        ManifestEntry wrong = new ManifestEntry(e.id(), e.format(), e.description(), e.source(), e.licence(),
                e.samples(), e.features(), e.classCounts(), e.classNames(), e.origin(), e.read(),
                List.of(new ManifestEntry.ManifestFile(births.name(), births.packagePath(),
                        "ab" + births.sha256().substring(2))));
        DatasetException ex = assertThrows(DatasetException.class,
                () -> DataFiles.read(new DatasetCatalogue.Located(wrong, null, "test")));
        assertTrue(ex.getMessage().contains("us-births-1969-1988.csv.gz (class path): SHA-256 mismatch"),
                ex.getMessage());
    }
}
