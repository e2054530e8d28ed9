package dev.jmlbench.datasets;

import dev.jmlbench.core.data.RegressionSplit;
import dev.jmlbench.core.data.TextCorpus;
import dev.jmlbench.core.data.TimeSeries;
import dev.jmlbench.core.task.DatasetRef;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Regression, text and series datasets against their published figures. */
class OtherKindsTest {

    @Test
    void diabetesHas442PatientsWithTargetsInThePublishedRange() {
        RegressionSplit d = Datasets.loadRegression(new DatasetRef("diabetes", 0.2, 3));
        assertEquals(442, d.train().size() + d.test().size());
        assertEquals(88, d.test().size());
        assertEquals(10, d.train().numFeatures());
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float[] part : new float[][] {d.train().targets(), d.test().targets()}) {
            for (float t : part) {
                min = Math.min(min, t);
                max = Math.max(max, t);
            }
        }
        // scikit-learn documents the target range as 25 to 346
        assertEquals(25f, min);
        assertEquals(346f, max);
        assertTrue(d.split().contains("seed 3"));
    }

    @Test
    void mobyDickHasItsCharactersAndAlphabet() {
        TextCorpus c = Datasets.loadText(new DatasetRef("moby-dick", 0.1, 0));
        assertEquals(1_190_317, c.train().length + c.test().length);
        assertEquals(83, c.vocabularySize());
        assertEquals(Math.round(1_190_317 * 0.9), c.train().length);
        // the text starts with "CHAPTER 1. Loomings."
        assertEquals('C', c.alphabet()[c.train()[0]]);
        assertEquals('H', c.alphabet()[c.train()[1]]);
        double h = c.unigramEntropyBits();
        assertTrue(h > 4.0 && h < 5.0, "unigram entropy of English text is about 4.1-4.5 bits: " + h);
    }

    @Test
    void birthsCoverEveryDayFrom1969To1988() {
        TimeSeries s = Datasets.loadSeries("us-births");
        assertEquals(7305, s.size());
        assertEquals(LocalDate.of(1969, 1, 1), s.dates().get(0));
        assertEquals(LocalDate.of(1988, 12, 31), s.dates().get(s.size() - 1));
        assertEquals(8486f, s.values()[0]);
        assertEquals(9133f, s.values()[s.size() - 1]);
        assertTrue(s.dates().contains(LocalDate.of(1972, 2, 29)));
    }

    @Test
    void eachLoaderRefusesTheOtherKinds() {
        DatasetException e = assertThrows(DatasetException.class, () -> Datasets.load(new DatasetRef("diabetes", 0.2, 1)));
        assertTrue(e.getMessage().contains("is not a classification dataset"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> Datasets.loadText(new DatasetRef("iris", 0.2, 1)));
        assertTrue(e.getMessage().contains("is not a text corpus"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> Datasets.loadSeries("moby-dick"));
        assertTrue(e.getMessage().contains("is not a dated series"), e.getMessage());
        e = assertThrows(DatasetException.class, () -> Datasets.loadRegression(new DatasetRef("wine", 0.2, 1)));
        assertTrue(e.getMessage().contains("is not a regression dataset"), e.getMessage());
    }
}
