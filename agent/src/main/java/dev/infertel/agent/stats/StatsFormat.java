package dev.infertel.agent.stats;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.RecordJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Prints a {@link StatsResult} as an aligned table, JSON or CSV. */
public final class StatsFormat {

    private StatsFormat() {
    }

    /**
     * One row per group, the --by values first. Figures that no group has are left out of the table
     * (e.g. the GPU columns of CPU-only records); JSON and CSV always carry every figure.
     */
    public static String table(StatsResult result) {
        List<Column> shown = new ArrayList<>();
        for (Column c : Column.FIGURES) {
            if (result.groups().stream().anyMatch(g -> c.value().apply(g.stats()) != null)) {
                shown.add(c);
            }
        }
        List<String[]> rows = new ArrayList<>();
        int keys = result.query().by().size();
        String[] header = new String[keys + shown.size()];
        for (int i = 0; i < keys; i++) {
            header[i] = result.query().by().get(i).key();
        }
        for (int i = 0; i < shown.size(); i++) {
            header[keys + i] = shown.get(i).header();
        }
        rows.add(header);
        for (StatsResult.Group g : result.groups()) {
            String[] row = new String[header.length];
            for (int i = 0; i < keys; i++) {
                row[i] = g.stats().key().get(i);
            }
            for (int i = 0; i < shown.size(); i++) {
                row[keys + i] = shown.get(i).text(g.stats());
            }
            rows.add(row);
        }
        int[] width = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                // keys left-aligned, numbers right-aligned
                String pad = " ".repeat(width[i] - row[i].length());
                line.append(i < keys ? row[i] + pad : pad + row[i]);
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    public static String csv(StatsResult result) {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>();
        result.query().by().forEach(d -> header.add(d.key()));
        Column.FIGURES.forEach(c -> header.add(c.name()));
        b.append(String.join(",", header)).append('\n');
        for (StatsResult.Group g : result.groups()) {
            List<String> row = new ArrayList<>();
            g.stats().key().forEach(k -> row.add(csvText(k)));
            for (Column c : Column.FIGURES) {
                Object v = c.value().apply(g.stats());
                row.add(v == null ? "" : csvText(v.toString()));
            }
            b.append(String.join(",", row)).append('\n');
        }
        return b.toString();
    }

    private static String csvText(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /**
     * {@code {"by": [...], "read": N, "out_of_range": N, "duplicates": N, "percentile_relative_error": E,
     * "itl_relative_error": E, "exclusion": "...", "groups": [{...}]}}.
     */
    public static String json(StatsResult result) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = RecordJson.factory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeArrayFieldStart("by");
            for (Dimension d : result.query().by()) {
                g.writeString(d.key());
            }
            g.writeEndArray();
            g.writeNumberField("read", result.read());
            g.writeNumberField("out_of_range", result.outOfRange());
            g.writeNumberField("duplicates", result.duplicates());
            // the bound of the latency percentiles, next to them: 0 when exact (--exact)
            g.writeNumberField("percentile_relative_error", result.query().exact() ? 0 : GapHistogram.RELATIVE_ERROR);
            g.writeNumberField("itl_relative_error", GapHistogram.RELATIVE_ERROR);
            g.writeStringField("exclusion", result.query().exclusion().describe());
            g.writeArrayFieldStart("groups");
            for (StatsResult.Group group : result.groups()) {
                g.writeStartObject();
                for (int i = 0; i < result.query().by().size(); i++) {
                    g.writeStringField(result.query().by().get(i).key(), group.stats().key().get(i));
                }
                for (Column c : Column.FIGURES) {
                    Object v = c.value().apply(group.stats());
                    if (v == null) {
                        g.writeNullField(c.name());
                    } else if (v instanceof Double d) {
                        g.writeNumberField(c.name(), d);
                    } else if (v instanceof Long l) {
                        g.writeNumberField(c.name(), l);
                    } else {
                        g.writeStringField(c.name(), v.toString());
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString() + "\n";
    }
}
