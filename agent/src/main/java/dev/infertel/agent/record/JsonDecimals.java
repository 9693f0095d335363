package dev.infertel.agent.record;

/**
 * Writes a value rounded to 3 or 6 decimals as the same text {@code Double.toString} gives for the
 * rounded double ({@code 212.345}, {@code 1840.5}, {@code 1.0}), from integer arithmetic: the
 * shipper writes some fifteen such numbers per record, and the JDK's double printing made them the
 * largest cost of draining the queue. Values out of the plain range fall back to the JDK.
 */
final class JsonDecimals {

    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    private JsonDecimals() {
    }

    /** The text of {@code Math.round(value * 10^decimals) / 10^decimals}. */
    static String format(double value, int decimals) {
        JsonBytes text = new JsonBytes(32);
        write(text, value, decimals);
        return text.toString();
    }

    /** Appends the text of {@link #format} to {@code out}, without a string in between. */
    static void write(JsonBytes out, double value, int decimals) {
        // constant arguments, so that once inlined the divisions below are multiplications
        if (decimals == 3) {
            write(out, value, 1e3, 1_000L, 3);
        } else if (decimals == 6) {
            write(out, value, 1e6, 1_000_000L, 6);
        } else {
            write(out, value, POW10[decimals], POW10[decimals], decimals);
        }
    }

    private static void write(JsonBytes out, double value, double scale, long pow, int decimals) {
        long units = Math.round(value * scale);
        // Double.toString(units / scale) switches to E notation from 1e7 and below 1e-3; keep its exact
        // form there. In units: 1e7 is 1e7 * pow, 1e-3 is pow / 1000 (exact: at most 13 digits of units
        // sit far inside a double's precision, so the division cannot round across either bound)
        long large = 10_000_000L * pow;
        long small = pow / 1000;
        if (units <= -large || units >= large || (units != 0 && units > -small && units < small)) {
            out.ascii(Double.toString(units / scale));
            return;
        }
        // units == 0 prints "0.0": 0 / scale is +0.0 even when value was -0.0
        if (units < 0) {
            out.raw((byte) '-');
            units = -units;
        }
        long whole = units / pow;
        out.number(whole);
        out.raw((byte) '.');
        long frac = units - whole * pow;
        if (frac == 0) {
            out.raw((byte) '0');
        } else {
            out.fraction(frac, decimals);
        }
    }
}
