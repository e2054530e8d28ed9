package dev.jmlbench.suites.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store's fitted-model files: what is saved comes back byte for byte, and a damaged file is named. */
class ModelStoreTest {

    @Test
    void aFittedModelComesBackByteForByteAndAMissingOneIsEmpty(@TempDir Path dir) throws IOException {
        ModelStore store = new ModelStore(dir.resolve("models"));
        assertTrue(store.loadFitted("digits-cart", "tribuo").isEmpty(), "no folder yet: nothing saved");
        byte[] fitted = new byte[100_003];
        for (int i = 0; i < fitted.length; i++) {
            fitted[i] = (byte) (i * 31);
        }
        store.saveFitted("digits-cart", "tribuo", fitted);
        assertArrayEquals(fitted, store.loadFitted("digits-cart", "tribuo").orElseThrow());
        assertTrue(store.loadFitted("digits-cart", "reference").isEmpty(), "another engine's cell saved nothing");
        assertTrue(store.load("digits-cart", "tribuo").isEmpty(), "a fitted model is not a parameter file");
        store.clear();
        assertTrue(store.loadFitted("digits-cart", "tribuo").isEmpty(), "clear removes fitted models too");
    }

    @Test
    void aTruncatedOrForeignFileIsRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        ModelStore store = new ModelStore(dir);
        store.saveFitted("mnist-xgboost", "tribuo", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        Path file = store.fittedFile("mnist-xgboost", "tribuo");
        byte[] whole = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(whole, whole.length - 1));
        IOException truncated = assertThrows(IOException.class, () -> store.loadFitted("mnist-xgboost", "tribuo"));
        assertEquals(file + ": truncated fitted-model file", truncated.getMessage());

        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        Files.write(file, longer);
        IOException trailing = assertThrows(IOException.class, () -> store.loadFitted("mnist-xgboost", "tribuo"));
        assertEquals(file + ": bytes follow the fitted model of 10 bytes", trailing.getMessage());

        Files.writeString(file, "not a model at all");
        IOException foreign = assertThrows(IOException.class, () -> store.loadFitted("mnist-xgboost", "tribuo"));
        assertEquals(file + ": not a jmlbench fitted-model file of version 1", foreign.getMessage());
    }
}
