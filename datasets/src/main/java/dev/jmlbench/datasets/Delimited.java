package dev.jmlbench.datasets;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reader of delimited text (CSV and its kin, parsed by Apache Commons CSV): a header of column names, none, or a
 * first line to skip; a label column named or numbered, or a separate labels file; feature columns (default every
 * other column); cells that mean "missing", refused or their rows dropped.
 */
final class Delimited {

    /** The rows read: features and the label cell of each row (a class name or number, or a value). */
    record Table(float[][] features, String[] labels) {
    }

    /** Rows of cells with their line numbers, and the header's column names (null without a header). */
    record Rows(List<String> header, List<List<String>> cells, List<Long> lines) {
    }

    private Delimited() {
    }

    /**
     * Reads delimited data: the data file and, where the entry has one, its labels file.
     *
     * @throws DatasetException naming the file, the line and what was expected
     */
    static Table read(ManifestEntry e, Map<String, byte[]> files) {
        ManifestEntry.Read r = e.read();
        ManifestEntry.ManifestFile dataFile = e.filesWithRole("data").get(0);
        List<ManifestEntry.ManifestFile> labelFiles = e.filesWithRole("labels");
        Rows rows = rows(files.get(dataFile.name()), dataFile.name(), r.separatorChar(), r.headerKind());
        if (rows.cells().isEmpty()) {
            throw new DatasetException(dataFile.name() + ": no data rows");
        }
        int width = rows.header() != null ? rows.header().size() : rows.cells().get(0).size();
        Integer labelColumn = labelFiles.isEmpty() ? column(r.label(), rows.header(), width, dataFile.name(),
                "read.label") : null;
        List<Integer> featureColumns = new ArrayList<>();
        if (r.features() != null) {
            for (String c : r.features()) {
                featureColumns.add(column(c, rows.header(), width, dataFile.name(), "read.features"));
            }
        } else {
            for (int c = 0; c < width; c++) {
                if (labelColumn == null || c != labelColumn) {
                    featureColumns.add(c);
                }
            }
        }
        List<String> externalLabels = null;
        if (!labelFiles.isEmpty()) {
            ManifestEntry.ManifestFile lf = labelFiles.get(0);
            Rows lr = rows(files.get(lf.name()), lf.name(), r.separatorChar(), r.headerKind());
            externalLabels = new ArrayList<>();
            for (int i = 0; i < lr.cells().size(); i++) {
                if (lr.cells().get(i).size() != 1) {
                    throw new DatasetException(lf.name() + " line " + lr.lines().get(i) + ": expected one label per"
                            + " line, found " + lr.cells().get(i).size() + " cells");
                }
                externalLabels.add(lr.cells().get(i).get(0));
            }
            if (externalLabels.size() != rows.cells().size()) {
                throw new DatasetException(dataFile.name() + " has " + rows.cells().size() + " rows but " + lf.name()
                        + " has " + externalLabels.size() + " labels");
            }
        }
        List<float[]> features = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        rows:
        for (int i = 0; i < rows.cells().size(); i++) {
            List<String> row = rows.cells().get(i);
            long line = rows.lines().get(i);
            if (row.size() != width) {
                throw new DatasetException(dataFile.name() + " line " + line + ": expected " + width + " cells, found "
                        + row.size());
            }
            String label = externalLabels != null ? externalLabels.get(i) : row.get(labelColumn);
            List<String> usedCells = new ArrayList<>();
            List<String> usedNames = new ArrayList<>();
            for (int c : featureColumns) {
                usedCells.add(row.get(c));
                usedNames.add(name(c, rows.header()));
            }
            usedCells.add(label);
            usedNames.add(labelColumn != null ? name(labelColumn, rows.header()) : "(the label)");
            for (int k = 0; k < usedCells.size(); k++) {
                if (r.missing().contains(usedCells.get(k))) {
                    if (r.dropsMissing()) {
                        continue rows;
                    }
                    throw new DatasetException(dataFile.name() + " line " + line + ": column " + usedNames.get(k)
                            + " has the missing value '" + usedCells.get(k) + "'; fill it in, or set \"dropMissing\":"
                            + " true in the dataset's read options to drop such rows");
                }
            }
            float[] x = new float[featureColumns.size()];
            for (int j = 0; j < x.length; j++) {
                int c = featureColumns.get(j);
                x[j] = parseFloat(row.get(c), dataFile.name(), line, name(c, rows.header()));
            }
            features.add(x);
            labels.add(label);
        }
        return new Table(features.toArray(new float[0][]), labels.toArray(new String[0]));
    }

    /** Parses {@code bytes} (UTF-8, gzipped or not) into rows; {@code header}: names, none or skip. */
    static Rows rows(byte[] bytes, String fileName, char separator, String header) {
        String text = new String(Bytes.gunzipIfNeeded(bytes, fileName), StandardCharsets.UTF_8);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(separator).setIgnoreEmptyLines(true)
                .setTrim(true).build();
        List<String> names = null;
        List<List<String>> cells = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, format)) {
            boolean first = true;
            long line = 1;
            for (CSVRecord rec : parser) {
                List<String> values = rec.toList();
                if (first && !header.equals("none")) {
                    if (header.equals("names")) {
                        names = List.copyOf(values);
                    }
                } else {
                    cells.add(values);
                    lines.add(line);
                }
                first = false;
                line = parser.getCurrentLineNumber() + 1;
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new DatasetException(fileName + ": not readable as delimited text with separator '" + separator
                    + "': " + e.getMessage(), e);
        }
        return new Rows(names, cells, lines);
    }

    /** The index of column {@code spec}: a number (0 = first, -1 = last) or a name of the header. */
    static int column(String spec, List<String> header, int width, String fileName, String field) {
        if (spec.matches("-?\\d+")) {
            int c = Integer.parseInt(spec);
            int index = c < 0 ? width + c : c;
            if (index < 0 || index >= width) {
                throw new DatasetException(fileName + ": field '" + field + "': column " + c + " does not exist; the"
                        + " file has " + width + " columns (0 to " + (width - 1) + ", or -1 for the last)");
            }
            return index;
        }
        int index = header == null ? -1 : header.indexOf(spec);
        if (index < 0) {
            throw new DatasetException(fileName + ": field '" + field + "': no column named '" + spec + "'"
                    + (header == null ? " (the file has no header of names)" : "; columns: " + header));
        }
        return index;
    }

    private static String name(int c, List<String> header) {
        return header != null ? "'" + header.get(c) + "'" : Integer.toString(c);
    }

    static float parseFloat(String cell, String fileName, long line, String column) {
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

    static int parseInt(String cell, String fileName, long line, String what) {
        try {
            return Integer.parseInt(cell.trim());
        } catch (NumberFormatException e) {
            throw new DatasetException(fileName + " line " + line + ": expected an integer for " + what
                    + ", found '" + cell + "'");
        }
    }
}
