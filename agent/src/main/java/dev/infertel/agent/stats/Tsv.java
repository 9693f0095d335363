package dev.infertel.agent.stats;

import dev.infertel.agent.store.ClickHouseHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ClickHouse's {@code TabSeparatedWithNames} answer as rows of named values: escapes undone,
 * {@code \N} as null. Floats are written by the server in their shortest round-trip form.
 */
final class Tsv {

    private Tsv() {
    }

    static List<Map<String, String>> query(ClickHouseHttp http, String sql) throws IOException {
        return parse(http.execute(sql + "\nFORMAT TabSeparatedWithNames"));
    }

    static List<Map<String, String>> parse(String body) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        if (lines.length == 0 || lines[0].isEmpty()) {
            return rows;
        }
        List<String> names = fields(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            List<String> values = fields(lines[i]);
            if (values.size() != names.size()) {
                throw new IllegalStateException("ClickHouse answered a row of " + values.size() + " values for "
                        + names.size() + " columns");
            }
            Map<String, String> row = new HashMap<>();
            for (int k = 0; k < names.size(); k++) {
                row.put(names.get(k), values.get(k));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean isNull = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                out.add(isNull ? null : b.toString());
                b.setLength(0);
                isNull = false;
            } else if (c == '\\' && i + 1 < line.length()) {
                char e = line.charAt(++i);
                switch (e) {
                    case 'N' -> isNull = b.isEmpty();
                    case 't' -> b.append('\t');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case '0' -> b.append('\0');
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        out.add(isNull ? null : b.toString());
        return out;
    }

    static long integer(Map<String, String> row, String name) {
        return Long.parseLong(require(row, name));
    }

    static double real(Map<String, String> row, String name) {
        return number(require(row, name));
    }

    static Double nullableReal(Map<String, String> row, String name) {
        String v = row.get(name);
        return v == null ? null : number(v);
    }

    private static double number(String v) {
        return switch (v) {
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan", "-nan" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    private static String require(Map<String, String> row, String name) {
        String v = row.get(name);
        if (v == null) {
            throw new IllegalStateException("ClickHouse answered no " + name);
        }
        return v;
    }
}
