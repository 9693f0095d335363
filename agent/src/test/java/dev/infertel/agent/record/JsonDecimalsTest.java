package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonDecimalsTest {

    @Test
    void sameTextAsTheJdkForTheRoundedValue() {
        SplittableRandom random = new SplittableRandom(42);
        double[] fixed = {0, -0.0, 1, 1.5, 212.345, 1840.5, 0.001, 0.0005, 0.0004, 9_999_999.999, 1e7, 123456.789,
                -3.25, 0.000001, 42.000001, 1e-9, Double.MAX_VALUE / 1e300,
                // where the JDK's text switches to E notation, after rounding
                9_999_999.9994, 9_999_999.9995, 9_999_999.999999, 9_999_999.9999994, 9_999_999.9999995,
                -9_999_999.9995, -9_999_999.9994, 0.000999, 0.0009994, 0.0009995, 0.00099949, -0.0009995,
                0.0000005, 0.0000004999, -0.0000005, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Long.MAX_VALUE / 1e3, Long.MIN_VALUE / 1e3, -1e-7};
        for (double v : fixed) {
            check(v, 3);
            check(v, 6);
        }
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 7) {
                case 0 -> random.nextDouble() * 10;
                case 1 -> random.nextDouble() * 100_000;
                case 2 -> random.nextDouble() * 0.01;
                case 3 -> 1e7 + (random.nextDouble() - 0.5) * 1e-2;
                case 4 -> -(1e-3 + (random.nextDouble() - 0.5) * 1e-5);
                case 5 -> Double.longBitsToDouble(random.nextLong());
                default -> random.nextLong(100_000_000) / 1000.0;
            };
            check(v, 3);
            check(v, 6);
        }
    }

    private static void check(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        String expected = Double.toString(Math.round(v * scale) / scale);
        assertEquals(expected, JsonDecimals.format(v, decimals), v + " to " + decimals);
    }
}
