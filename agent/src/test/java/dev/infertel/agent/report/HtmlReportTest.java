package dev.infertel.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.GpuFields;
import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.stats.StatsEngine;
import dev.infertel.agent.stats.StatsQuery;
import dev.infertel.agent.stats.StatsResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    static TelemetryRecord call(int n, boolean streamed, boolean gpu) {
        GapHistogram hist = streamed ? GapHistogram.ofSortedNanos(new long[] {9_000_000, 10_000_000, 12_000_000}, 3) : null;
        GpuFields g = gpu ? new GpuFields("NVIDIA L4", 1, List.of("GPU-0"), 23034.0, 9000.0, 70.0 + n, 72.0, 90.0, 55.0,
                10.0, "counter", null, null, 0, false) : null;
        return new TelemetryRecord(1, n, 1_795_000_000_000_000L + n * 250_000L, streamed ? "chat" : "plain", "vllm", null,
                streamed ? "m7<b>" : "m8", Exit.OK, null, streamed ? 100.0 + n : null, 500.0 + n, streamed ? 4 : 0, null,
                null, 30L, TelemetryRecord.TokensSource.USAGE, null, null, "main", 1, null, g, hist, null, null, null);
    }

    static String render(boolean gpu) {
        List<TelemetryRecord> records = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            records.add(call(n, n % 2 == 0, gpu));
        }
        StatsResult result = StatsEngine.run(records, StatsQuery.defaults());
        return HtmlReport.render(result, "t & t", Instant.parse("2026-11-23T12:00:00Z"));
    }

    static int frames(String html) {
        return html.split("stroke=\"" + Chart.FRAME + "\"", -1).length - 1;
    }

    @Test
    void everyChartIsDrawnAndPlainCallsWithoutTtftAreFine() {
        String html = render(true);
        // TTFT and ITL distributions, E2E and TTFT over time, tokens/s and J/token bars, power over time
        assertEquals(7, frames(html));
        assertTrue(html.contains("<title>t &amp; t</title>"), html);
        assertTrue(html.contains("m7&lt;b&gt;"), "names are escaped");
        assertFalse(html.contains("m7<b>"));
    }

    @Test
    void withoutGpuFieldsTheEnergyAndPowerChartsAreLeftOut() {
        String html = render(false);
        assertEquals(5, frames(html));
        assertTrue(html.contains("No GPU fields"), html);
    }
}
