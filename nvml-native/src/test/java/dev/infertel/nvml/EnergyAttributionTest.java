package dev.infertel.nvml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sharing rules on a synthetic sample ring, without the native layer. */
class EnergyAttributionTest {
    private static final long MS = 1_000_000L;

    /** One device; sample every 10 ms; power in W per sample, energy integrated exactly. */
    private static SampleRing ring(Random random, int samples) {
        SampleRing ring = new SampleRing(1, 4096);
        double energyMj = 0;
        for (int i = 0; i < samples; i++) {
            int slot = ring.beginWrite(i * 10 * MS);
            int watts = 50 + random.nextInt(400);
            energyMj += watts * 10.0; // W * 10 ms = 10 mJ per W
            ring.powerMw[0][slot] = watts * 1000;
            ring.energyMj[0][slot] = energyMj;
            ring.publish();
        }
        return ring;
    }

    @Test
    void randomOverlappingRequestsShareExactlyTheBusyEnergy() {
        Random random = new Random(42);
        SampleRing ring = ring(random, 1000); // 0 .. 9.99 s
        RequestActivityLog activity = new RequestActivityLog(1024);
        EnergyCurve curve = new EnergyCurve();
        curve.reset(ring, 0, ring.published());
        EnergyAttribution attribution = new EnergyAttribution();

        // 200 requests in 1..9 s, lasting up to 1.5 s: up to dozens at once.
        List<long[]> windows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long start = MS * (1000 + random.nextInt(6500)) + random.nextInt(1_000_000);
            windows.add(new long[] {start, start + MS * (1 + random.nextInt(1500)) + random.nextInt(1_000_000)});
        }
        // Replay in time order: begins and ends interleaved as they would happen.
        List<long[]> events = new ArrayList<>(); // time, kind (0 begin, 1 end), request
        for (int i = 0; i < windows.size(); i++) {
            events.add(new long[] {windows.get(i)[0], 0, i});
            events.add(new long[] {windows.get(i)[1], 1, i});
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        long[] tokens = new long[windows.size()];
        double sum = 0;
        for (long[] event : events) {
            int i = (int) event[2];
            long[] w = windows.get(i);
            if (event[1] == 0) {
                tokens[i] = activity.begin(w[0]);
            } else {
                long split = (w[0] + w[1]) / 2;
                attribution.attribute(activity, curve, tokens[i], w[0], split, w[1]);
                assertTrue(attribution.complete);
                sum += attribution.prefillMj + attribution.decodeMj;
                activity.end(tokens[i], w[0], w[1]);
            }
        }
        assertEquals(0, activity.activeCount());

        // Busy energy: the union of the windows, integrated on the curve.
        windows.sort(Comparator.comparingLong(w -> w[0]));
        double busy = 0;
        long runStart = windows.get(0)[0];
        long runEnd = windows.get(0)[1];
        for (long[] w : windows) {
            if (w[0] > runEnd) {
                busy += curve.at(runEnd) - curve.at(runStart);
                runStart = w[0];
            }
            runEnd = Math.max(runEnd, w[1]);
        }
        busy += curve.at(runEnd) - curve.at(runStart);

        assertEquals(busy, sum, busy * 1e-9);
    }

    @Test
    void aLoneRequestGetsTheWholeDeviceEnergyAndTheSplitPartitionsIt() {
        SampleRing ring = ring(new Random(7), 100);
        RequestActivityLog activity = new RequestActivityLog(16);
        EnergyCurve curve = new EnergyCurve();
        curve.reset(ring, 0, ring.published());
        EnergyAttribution attribution = new EnergyAttribution();

        long token = activity.begin(105 * MS);
        attribution.attribute(activity, curve, token, 105 * MS, 333 * MS, 777 * MS);

        assertEquals(curve.at(333 * MS) - curve.at(105 * MS), attribution.prefillMj, 1e-9);
        assertEquals(curve.at(777 * MS) - curve.at(333 * MS), attribution.decodeMj, 1e-9);
    }

    /**
     * A request that ends while another one's share is computed is, for a moment, both in the ended ring
     * and in the active table. It must count once: twice gave the other request a third of the overlap
     * instead of half (GpuPairingIT saw exactly 2/3 of the expected energy).
     */
    @Test
    void aRequestCaughtMidwayThroughEndingCountsOnce() {
        SampleRing ring = ring(new Random(3), 100);
        RequestActivityLog activity = new RequestActivityLog(16);
        EnergyCurve curve = new EnergyCurve();
        curve.reset(ring, 0, ring.published());
        EnergyAttribution attribution = new EnergyAttribution();

        long a = activity.begin(100 * MS);
        long b = activity.begin(100 * MS);
        activity.appendEnded(a, 100 * MS, 400 * MS); // a is ending: in the ring, not yet released
        attribution.attribute(activity, curve, b, 100 * MS, -1, 500 * MS);

        double expected = (curve.at(400 * MS) - curve.at(100 * MS)) / 2 + curve.at(500 * MS) - curve.at(400 * MS);
        assertEquals(expected, attribution.decodeMj, 1e-9);
        assertTrue(attribution.complete);
    }

    @Test
    void aRequestStillInTheTableIsSharedUpToTheEndOfTheWindow() {
        SampleRing ring = ring(new Random(5), 100);
        RequestActivityLog activity = new RequestActivityLog(16);
        EnergyCurve curve = new EnergyCurve();
        curve.reset(ring, 0, ring.published());
        EnergyAttribution attribution = new EnergyAttribution();

        activity.begin(200 * MS);
        long b = activity.begin(100 * MS);
        attribution.attribute(activity, curve, b, 100 * MS, -1, 500 * MS);

        double expected = curve.at(200 * MS) - curve.at(100 * MS) + (curve.at(500 * MS) - curve.at(200 * MS)) / 2;
        assertEquals(expected, attribution.decodeMj, 1e-9);
    }

    @Test
    void anExhaustedEndedHistoryIsReportedIncomplete() {
        SampleRing ring = ring(new Random(1), 100);
        RequestActivityLog activity = new RequestActivityLog(4);
        EnergyCurve curve = new EnergyCurve();
        curve.reset(ring, 0, ring.published());
        EnergyAttribution attribution = new EnergyAttribution();

        long longOne = activity.begin(0);
        for (int i = 1; i <= 10; i++) { // more overlapping short requests than the ended ring keeps
            long t = activity.begin(i * 50 * MS);
            activity.end(t, i * 50 * MS, i * 50 * MS + 20 * MS);
        }
        attribution.attribute(activity, curve, longOne, 0, -1, 900 * MS);

        assertFalse(attribution.complete);
    }
}
