package dev.infertel.agent.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * Reads record JSON (one object of {@code contracts/telemetry-record.schema.json}) into a
 * {@link FlatRecord} with jackson-core's streaming parser: no tree, no map, numbers straight into
 * primitives, and no string for a field that is not grouped by (Jackson skips a string value that
 * nobody asks for without decoding it). Fields this reader does not know, newer ones included, are
 * skipped. Grouping strings repeat from record to record and come from a small cache keyed by their
 * characters. One per reading thread.
 */
public final class FlatRecordJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private final CharStrings strings = new CharStrings();
    /**
     * The field names of the last record, in order: writers put the fields of every record in the same
     * order, so the next name is checked against the expected one byte by byte
     * ({@code nextFieldName(SerializableString)}) instead of being hashed and looked up.
     */
    private SerializedString[] expected = new SerializedString[64];
    private static final SerializedString SUB_BUCKET_BITS = new SerializedString("sub_bucket_bits");
    private static final SerializedString BUCKETS = new SerializedString("buckets");
    private static final SerializedString COUNTS = new SerializedString("counts");
    private static final SerializedString[] HISTOGRAM_FIELDS = {SUB_BUCKET_BITS, BUCKETS, COUNTS};
    private int[] buckets = new int[64];
    private int[] counts = new int[64];

    /** Parses the JSON object in {@code bytes[offset .. offset+length)} into {@code into}. */
    public void read(byte[] bytes, int offset, int length, FlatRecord into) throws IOException {
        try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            read(p, into);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value on the line");
            }
        }
    }

    /** What {@link #readLines} finds: records, and lines that hold none. */
    public interface LineSink {
        void record(FlatRecord r);

        /** The line {@code bytes[start .. end)} (without its newline) is not a record. */
        void broken(int start, int end, String why);
    }

    /**
     * Reads {@code bytes[from .. to)}, whole lines of one record each (a JSONL file's), with one parser
     * for as many lines as parse: a parser per line costs about a third of the parsing. A line that
     * is not one record (bad JSON, not an object, a second value, a record over several lines) is
     * reported and skipped, and a new parser goes on from the next line: a broken line costs only itself.
     */
    public void readLines(byte[] bytes, int from, int to, FlatRecord into, LineSink sink) {
        int pos = from;
        while (pos < to) {
            pos = readUntilBroken(bytes, pos, to, into, sink);
        }
    }

    /** Reads lines from {@code pos} up to the first broken one, which it reports; where to go on. */
    private int readUntilBroken(byte[] bytes, int pos, int to, FlatRecord into, LineSink sink) {
        int recordStart = -1;
        JsonParser p = null;
        try {
            p = FACTORY.createParser(bytes, pos, to - pos);
            while (true) {
                recordStart = -1;
                JsonToken t = p.nextToken();
                if (t == null) {
                    return to;
                }
                recordStart = pos + (int) p.currentTokenLocation().getByteOffset();
                if (t != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                int line = p.currentTokenLocation().getLineNr();
                read(p, into);
                JsonLocation after = p.currentLocation();
                if (after.getLineNr() != line) {
                    throw new IllegalArgumentException("a record over more than one line");
                }
                int end = pos + (int) after.getByteOffset();
                while (end < to && (bytes[end] == ' ' || bytes[end] == '\t' || bytes[end] == '\r')) {
                    end++;
                }
                if (end < to && bytes[end] != '\n') {
                    throw new IllegalArgumentException("more than one JSON value on the line");
                }
                sink.record(into);
            }
        } catch (IOException | RuntimeException e) {
            int at = recordStart >= 0 ? recordStart
                    : p == null ? pos : Math.min(to, pos + (int) Math.max(0, p.currentLocation().getByteOffset() - 1));
            int start = at;
            while (start > pos && bytes[start - 1] != '\n') {
                start--;
            }
            int end = start;
            while (end < to && bytes[end] != '\n') {
                end++;
            }
            sink.broken(start, end, e.getMessage());
            return end + 1;
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // over a byte array: nothing to release
                }
            }
        }
    }

    /** Reads the object whose START_OBJECT the parser is on, up to and including its END_OBJECT. */
    public void read(JsonParser p, FlatRecord into) throws IOException {
        into.clear();
        boolean id = false;
        boolean ts = false;
        for (int field = 0; ; field++) {
            String name = nextName(p, field);
            if (name == null) {
                break;
            }
            JsonToken t = p.nextToken();
            switch (name) {
                case "record_id" -> {
                    recordId(p, into);
                    id = true;
                }
                case "ts" -> {
                    into.startEpochMicros = isoMicros(p);
                    ts = true;
                }
                case "site" -> into.site = string(p, t);
                case "engine" -> into.engine = string(p, t);
                case "model_ref" -> into.modelRef = string(p, t);
                case "tenant_id" -> into.tenantId = string(p, t);
                case "gpu_name" -> into.gpuName = string(p, t);
                case "currency" -> into.currency = string(p, t);
                case "exit" -> into.exit = exit(p, t);
                case "first_token_ms" -> into.firstTokenMs = number(p, t);
                case "e2e_ms" -> into.e2eMs = number(p, t);
                case "tokens_in" -> into.tokensIn = count(p, t);
                case "tokens_out" -> into.tokensOut = count(p, t);
                case "gpu_count" -> {
                    if (t == JsonToken.VALUE_NUMBER_INT) {
                        into.gpu = true;
                        into.gpuCount = p.getIntValue();
                    }
                }
                case "vram_used_mb_peak" -> into.vramUsedMbPeak = number(p, t);
                case "power_w_mean" -> into.powerWMean = number(p, t);
                case "energy_j" -> into.energyJ = number(p, t);
                case "cost" -> into.cost = number(p, t);
                case "energy_cost" -> into.energyCost = number(p, t);
                case "itl_hist" -> histogram(p, t, into);
                default -> p.skipChildren();
            }
        }
        if (!id || !ts || into.exit == null || Double.isNaN(into.e2eMs)) {
            throw new IllegalArgumentException("record_id, ts, exit and e2e_ms are required");
        }
    }

    /** The next field name, or null at the end of the object; learns the order of the names as it goes. */
    private String nextName(JsonParser p, int field) throws IOException {
        if (field >= expected.length) {
            return p.nextFieldName();
        }
        SerializedString e = expected[field];
        if (e != null && p.nextFieldName(e)) {
            return e.getValue();
        }
        String name = e == null ? p.nextFieldName() : p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
        if (name != null) {
            expected[field] = new SerializedString(name);
        }
        return name;
    }

    private static String nextName(JsonParser p, SerializedString expected) throws IOException {
        if (p.nextFieldName(expected)) {
            return expected.getValue();
        }
        return p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
    }

    private String string(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(p.currentName() + ": expected a string");
        }
        return strings.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }

    private static double number(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException(p.currentName() + ": expected a number");
        }
        return p.getDoubleValue();
    }

    private static long count(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return -1;
        }
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException(p.currentName() + ": expected a whole number");
        }
        return p.getLongValue();
    }

    private static Exit exit(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("exit: expected a string");
        }
        char[] c = p.getTextCharacters();
        int o = p.getTextOffset();
        int n = p.getTextLength();
        if (is(c, o, n, "ok")) {
            return Exit.OK;
        }
        if (is(c, o, n, "error")) {
            return Exit.ERROR;
        }
        if (is(c, o, n, "cancel")) {
            return Exit.CANCEL;
        }
        if (is(c, o, n, "reject")) {
            return Exit.REJECT;
        }
        if (is(c, o, n, "timeout")) {
            return Exit.TIMEOUT;
        }
        return Exit.parse(p.getText());
    }

    private static boolean is(char[] c, int o, int n, String s) {
        if (n != s.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (c[o + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code 16 hex - 12 hex} (see {@link RecordIds}). */
    private static void recordId(JsonParser p, FlatRecord into) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("record_id: expected a string");
        }
        char[] c = p.getTextCharacters();
        int o = p.getTextOffset();
        int n = p.getTextLength();
        int dash = -1;
        for (int i = 0; i < n; i++) {
            if (c[o + i] == '-') {
                dash = i;
                break;
            }
        }
        if (dash < 1 || dash > 16 || n - dash - 1 < 1 || n - dash - 1 > 16) {
            throw new IllegalArgumentException("record_id: expected 16 hex digits, '-', 12 hex digits");
        }
        into.idProcess = hex(c, o, dash);
        into.idSequence = hex(c, o + dash + 1, n - dash - 1);
    }

    private static long hex(char[] c, int from, int n) {
        long v = 0;
        for (int i = from; i < from + n; i++) {
            int d = Character.digit(c[i], 16);
            if (d < 0) {
                throw new IllegalArgumentException("record_id: '" + c[i] + "' is not a hex digit");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.uuuuuuZ} by arithmetic, anything else through {@link Timestamps#parseIsoMicros}. */
    private static long isoMicros(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("ts: expected a string");
        }
        char[] c = p.getTextCharacters();
        int o = p.getTextOffset();
        if (p.getTextLength() == 27 && c[o + 4] == '-' && c[o + 7] == '-' && c[o + 10] == 'T' && c[o + 13] == ':'
                && c[o + 16] == ':' && c[o + 19] == '.' && c[o + 26] == 'Z') {
            int year = digits(c, o, 4);
            int month = digits(c, o + 5, 2);
            int day = digits(c, o + 8, 2);
            int hour = digits(c, o + 11, 2);
            int minute = digits(c, o + 14, 2);
            int second = digits(c, o + 17, 2);
            int micros = digits(c, o + 20, 6);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24
                    && minute >= 0 && minute < 60 && second >= 0 && second < 60 && micros >= 0) {
                long days = daysFromCivil(year, month, day);
                return ((days * 86_400L + hour * 3600L + minute * 60L + second) * 1_000_000L) + micros;
            }
        }
        try {
            return Timestamps.parseIsoMicros(p.getText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ts: not an ISO-8601 time");
        }
    }

    /** The number in {@code n} decimal digits; -1 when one is not a digit. */
    private static int digits(char[] c, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            int d = c[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** {@code {"sub_bucket_bits": 7, "buckets": [...], "counts": [...]}}; left out when it uses another scheme. */
    private void histogram(JsonParser p, JsonToken t, FlatRecord into) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        long bits = -1;
        int nb = 0;
        int nc = 0;
        for (int field = 0; ; field++) {
            String name = nextName(p, HISTOGRAM_FIELDS[Math.min(field, 2)]);
            if (name == null) {
                break;
            }
            JsonToken v = p.nextToken();
            if (name.equals("sub_bucket_bits") && v == JsonToken.VALUE_NUMBER_INT) {
                bits = p.getLongValue();
            } else if (name.equals("buckets") && v == JsonToken.START_ARRAY) {
                nb = 0;
                while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                    if (nb == buckets.length) {
                        buckets = java.util.Arrays.copyOf(buckets, nb * 2);
                    }
                    buckets[nb++] = p.getIntValue();
                }
            } else if (name.equals("counts") && v == JsonToken.START_ARRAY) {
                nc = 0;
                while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                    if (nc == counts.length) {
                        counts = java.util.Arrays.copyOf(counts, nc * 2);
                    }
                    counts[nc++] = p.getIntValue();
                }
            } else {
                p.skipChildren();
            }
        }
        if (bits != GapHistogram.SUB_BUCKET_BITS) {
            return;
        }
        if (nb != nc) {
            throw new IllegalArgumentException("itl_hist: buckets and counts differ in length");
        }
        for (int i = 0; i < nb; i++) {
            if (buckets[i] < 0 || counts[i] <= 0 || (i > 0 && buckets[i] <= buckets[i - 1])) {
                throw new IllegalArgumentException("itl_hist: buckets must ascend and counts be positive");
            }
            into.addBucket(buckets[i], counts[i]);
        }
    }

    /** Strings by their characters: a repeated value gives back the same instance, decoded once. */
    static final class CharStrings {
        private static final int SLOTS = 256;
        private final String[] values = new String[SLOTS];

        String get(char[] c, int offset, int length) {
            int h = length;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + c[i];
            }
            int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
            String s = values[slot];
            if (s != null && s.length() == length) {
                boolean same = true;
                for (int i = 0; i < length; i++) {
                    if (s.charAt(i) != c[offset + i]) {
                        same = false;
                        break;
                    }
                }
                if (same) {
                    return s;
                }
            }
            s = new String(c, offset, length);
            values[slot] = s;
            return s;
        }
    }
}
