package dev.infertel.agent.cli;

import dev.infertel.agent.stats.StatsFormat;
import dev.infertel.agent.stats.StatsResult;
import java.io.PrintStream;
import java.time.Instant;

/** {@code stats}: per-group latency, throughput, energy, cost and utilization figures. */
final class StatsCommand {

    private StatsCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Args.UsageException {
        Args args = Args.parse(argv, 1, StatsOptions.valued(StatsOptions.CLICKHOUSE_VALUED.toArray(String[]::new)),
                StatsOptions.flags("json", "csv"));
        if (args.flag("json") && args.flag("csv")) {
            throw new Args.UsageException("give either --json or --csv, not both");
        }
        StatsResult result = StatsOptions.parse(args, Instant.now()).run(err);
        if (result == null) {
            return 1;
        }
        out.print(args.flag("json") ? StatsFormat.json(result)
                : args.flag("csv") ? StatsFormat.csv(result) : StatsFormat.table(result));
        out.flush();
        return 0;
    }
}
