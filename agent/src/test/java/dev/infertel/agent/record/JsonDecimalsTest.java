package dev.infertel.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonDecimalsTest {

    @Test
    void sameTextAsTheJdkForTheRoundedValue() {
        SplittableRandom random = new SplittableRandom(42);
        double[] fixed = {0, -0.0, 1, 1.5, 212.345, 1840.5, 0.001, 0.0005, 0.0004, 9_999_999.999, 1e7, 123456.789,
                -3.25, 0.000001, 42.000001, 1e-9, Double.MAX_VALUE / 1e300};
        for (double v : fixed) {
            check(v, 3);
            check(v, 6);
        }
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextDouble() * 10;
                case 1 -> random.nextDouble() * 100_000;
                case 2 -> random.nextDouble() * 0.01;
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
