package dev.infertel.agent.stats;

import java.math.BigInteger;

/**
 * An exact, order-independent sum of doubles computed by a server that only sums in floating point
 * (ClickHouse): each double is cut into its sign and exponent (the key) and its 53-bit significand,
 * whose upper 27 and lower 26 bits are summed as integers per key ({@code sumMap}, map keys 2k and
 * 2k + 1). Integer sums are exact (up to 2^36 values per key), so the map holds the exact sum, which
 * {@link #decode} rounds once to the nearest double: the same figure as {@link ExactSum} over the same
 * values, to the last bit, whatever order the server read the rows in.
 */
final class IeeeSums {

    private static final long SIGNIFICAND = (1L << 52) - 1;
    private static final int LOW_BITS = 26;

    private IeeeSums() {
    }

    /** The aggregate: a {@code sumMapIf} of {@code x} (Float64, not null where {@code condition} holds). */
    static String sumSql(String x, String condition) {
        String bits = "reinterpretAsUInt64(reinterpretAsString(toFloat64(" + x + ")))";
        String signAndExponent = "bitShiftRight(" + bits + ", 52)";
        String significand = "(bitAnd(" + bits + ", " + SIGNIFICAND + ") + if(bitAnd(" + signAndExponent
                + ", 2047) = 0, 0, " + (1L << 52) + "))";
        return "sumMapIf([toUInt16(" + signAndExponent + " * 2), toUInt16(" + signAndExponent + " * 2 + 1)], [bitShiftRight("
                + significand + ", " + LOW_BITS + "), bitAnd(" + significand + ", " + ((1L << LOW_BITS) - 1) + ")], "
                + condition + ")";
    }

    /** The sum held by map {@code m} as a double, in SQL, to within an ulp or so: for people reading the matrix. */
    static String valueSql(String m) {
        return "arraySum(arrayMap((k, v) -> if(k >= 4096, -1., 1.) * v * exp2(greatest(bitAnd(intDiv(k, 2), 2047), 1)"
                + " - 1075 + if(k % 2 = 0, " + LOW_BITS + ", 0)), " + m + ".1, " + m + ".2))";
    }

    /** The exact sum of a map as ClickHouse prints it, {@code ([keys],[sums])}, rounded to the nearest double. */
    static double decode(String tuple) {
        String t = tuple.strip();
        int mid = t.indexOf("],[");
        if (!t.startsWith("([") || !t.endsWith("])") || mid < 0) {
            throw new IllegalStateException("not a sumMap answer: " + tuple);
        }
        String keys = t.substring(2, mid);
        String sums = t.substring(mid + 3, t.length() - 2);
        if (keys.isEmpty()) {
            return 0.0;
        }
        String[] k = keys.split(",");
        String[] s = sums.split(",");
        // in units of 2^-1074, the smallest subnormal
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < k.length; i++) {
            int key = Integer.parseInt(k[i]);
            int signAndExponent = key >>> 1;
            int exponent = Math.max(signAndExponent & 2047, 1);
            BigInteger v = new BigInteger(Long.toUnsignedString(Long.parseUnsignedLong(s[i])))
                    .shiftLeft(exponent - 1 + ((key & 1) == 0 ? LOW_BITS : 0));
            total = signAndExponent >= 2048 ? total.subtract(v) : total.add(v);
        }
        // cut into 52-bit pieces, each exactly a double, and round their sum once
        ExactSum sum = new ExactSum();
        BigInteger magnitude = total.abs();
        double sign = total.signum() < 0 ? -1.0 : 1.0;
        BigInteger mask = BigInteger.ONE.shiftLeft(52).subtract(BigInteger.ONE);
        for (int shift = 0; magnitude.signum() > 0; shift += 52) {
            long piece = magnitude.and(mask).longValue();
            sum.add(sign * Math.scalb((double) piece, shift - 1074));
            magnitude = magnitude.shiftRight(52);
        }
        return sum.value();
    }
}
