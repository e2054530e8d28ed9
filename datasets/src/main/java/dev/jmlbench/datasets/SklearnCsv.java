package dev.jmlbench.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser of scikit-learn's bundled CSV files: rows of {@code n_features} numbers followed by an integer class
 * label. Most files start with a header line {@code n_samples,n_features,class0,class1,...}; the digits file has
 * no header, and its shape and class names come from the manifest.
 */
final class SklearnCsv {

    /** Parsed content. */
    record Table(float[][] features, int[] labels, List<String> classNames) {
    }

    private SklearnCsv() {
    }

    /**
     * Parses a file with a header line; {@code fileName} names the file in errors.
     *
     * @throws DatasetException naming the file, line and what was expected
     */
    static Table parse(String text, String fileName) {
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            String header = reader.readLine();
            if (header == null) {
                throw new DatasetException(fileName + ": empty file; expected a header 'n_samples,n_features,"
                        + "class names...'");
            }
            String[] head = header.split(",");
            if (head.length < 3) {
                throw new DatasetException(fileName + " line 1: expected 'n_samples,n_features,class names...',"
                        + " got '" + header + "'");
            }
            int n = parseInt(head[0], fileName, 1, "the number of samples");
            int width = parseInt(head[1], fileName, 1, "the number of features");
            List<String> classNames = new ArrayList<>();
            for (int i = 2; i < head.length; i++) {
                classNames.add(head[i].trim());
            }
            return rows(reader, fileName, 2, n, width, List.copyOf(classNames), ',');
        } catch (IOException e) {
            throw new DatasetException(fileName + ": " + e.getMessage(), e);
        }
    }

    /** Parses a file without a header, of {@code n} rows of {@code width} features and a label. */
    static Table parseHeaderless(String text, String fileName, int n, int width, List<String> classNames) {
        try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
            return rows(reader, fileName, 1, n, width, classNames, ',');
        } catch (IOException e) {
            throw new DatasetException(fileName + ": " + e.getMessage(), e);
        }
    }

    private static Table rows(BufferedReader reader, String fileName, int firstLine, int n, int width,
                              List<String> classNames, char separator) throws IOException {
        float[][] features = new float[n][width];
        int[] labels = new int[n];
        for (int row = 0; row < n; row++) {
            int lineNo = row + firstLine;
            String line = reader.readLine();
            if (line == null) {
                throw new DatasetException(fileName + ": truncated: expected " + n + " rows, found " + row);
            }
            String[] cells = line.split(String.valueOf(separator), -1);
            if (cells.length != width + 1) {
                throw new DatasetException(fileName + " line " + lineNo + ": expected " + (width + 1)
                        + " cells (" + width + " features and a label), found " + cells.length);
            }
            for (int j = 0; j < width; j++) {
                features[row][j] = parseFloat(cells[j], fileName, lineNo, j + 1);
            }
            int label = parseInt(cells[width], fileName, lineNo, "the class label");
            if (label < 0 || label >= classNames.size()) {
                throw new DatasetException(fileName + " line " + lineNo + ": class label " + label
                        + " is outside [0, " + classNames.size() + ")");
            }
            labels[row] = label;
        }
        String extra;
        while ((extra = reader.readLine()) != null) {
            if (!extra.isBlank()) {
                throw new DatasetException(fileName + ": more rows than the " + n + " expected");
            }
        }
        return new Table(features, labels, classNames);
    }

    static int parseInt(String cell, String fileName, int line, String what) {
        try {
            return Integer.parseInt(cell.trim());
        } catch (NumberFormatException e) {
            throw new DatasetException(fileName + " line " + line + ": expected an integer for " + what
                    + ", found '" + cell + "'");
        }
    }

    static float parseFloat(String cell, String fileName, int line, int column) {
        try {
            float v = Float.parseFloat(cell.trim());
            if (!Float.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DatasetException(fileName + " line " + line + " column " + column
                    + ": expected a finite number, found '" + cell + "'");
        }
    }
}
