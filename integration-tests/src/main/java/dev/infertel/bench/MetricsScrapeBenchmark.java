package dev.infertel.bench;

import dev.infertel.agent.metrics.AgentHealth;
import dev.infertel.agent.metrics.CallMetrics;
import dev.infertel.agent.metrics.PrometheusFormat;
import dev.infertel.agent.record.Exit;
import dev.infertel.agent.record.GapHistogram;
import dev.infertel.agent.record.TelemetryRecord;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One /metrics body (what the scrape costs the agent's metrics thread) over {@code series} label sets. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class MetricsScrapeBenchmark {

    @Param({"1000"})
    int series;
    @Param({"false", "true"})
    boolean openMetrics;

    CallMetrics metrics;

    @Setup
    public void fill() {
        metrics = new CallMetrics(series, false);
        GapHistogram gaps = GapHistogram.ofSortedNanos(new long[] {2_000_000, 3_000_000, 5_000_000}, 3);
        for (int i = 0; i < series; i++) {
            metrics.accept(new TelemetryRecord(1, i, 0, "site-" + (i % 10), "vllm", null, "model-" + i, Exit.OK, null,
                    12.0, 40.0, 4, null, 100L, 20L, TelemetryRecord.TokensSource.USAGE, null, null, "t", 1, "h", null,
                    gaps, null, null, null));
        }
        if (metrics.series().size() != series) {
            throw new IllegalStateException("series: " + metrics.series().size());
        }
    }

    @Benchmark
    public int scrape() {
        return PrometheusFormat.write(metrics, AgentHealth.none(), openMetrics, 0).length();
    }
}
