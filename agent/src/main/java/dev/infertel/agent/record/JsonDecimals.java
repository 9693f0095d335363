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
        double scale = POW10[decimals];
        long units = Math.round(value * scale);
        double rounded = units / scale;
        // Double.toString switches to E notation from 1e7 and below 1e-3; keep its exact form there
        if (!(Math.abs(rounded) < 1e7) || (rounded != 0 && Math.abs(rounded) < 1e-3)) {
            out.ascii(Double.toString(rounded));
            return;
        }
        if (units < 0 || (units == 0 && 1 / rounded < 0)) {
            out.raw((byte) '-');
            units = -units;
        }
        long pow = POW10[decimals];
        out.number(units / pow);
        out.raw((byte) '.');
        long frac = units % pow;
        if (frac == 0) {
            out.raw((byte) '0');
            return;
        }
        int digits = decimals;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        out.digits(frac, digits);
    }
}
