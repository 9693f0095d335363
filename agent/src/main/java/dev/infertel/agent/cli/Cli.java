package dev.infertel.agent.cli;

import java.io.PrintStream;

/** {@code java -jar telemetry-agent.jar COMMAND [options]}: the bundled reader and tools. */
public final class Cli {

    static final String USAGE = String.join("\n",
            "usage: java -jar telemetry-agent.jar COMMAND [options]",
            "",
            "commands:",
            "  tail [--queue DIR] [--json] [--follow]   print the records in a queue (default ./telemetry-queue);",
            "                                           --json: one JSON object per line (the record contract),",
            "                                           --follow: keep printing as other processes append",
            "  ship --config FILE                       ship a queue that other processes append to, to the config's",
            "                                           sinks, until interrupted (Ctrl-C, SIGTERM)",
            "  status [--queue DIR] [--json]            per sink: position, lag (records, age), shipped, retried,",
            "                                           failed and dropped counts",
            "  show [--queue DIR] [--sink NAME] [--json]",
            "                                           print the records not yet shipped (by NAME, or by any sink)",
            "  stats [inputs] [options] [--json|--csv]  per model x engine x GPU (or --by) group: calls, exits,",
            "                                           tokens, TTFT/ITL/TPOT/E2E percentiles, tokens/s, energy,",
            "                                           J/token, power, VRAM, cost, MFU/MBU (see README)",
            "  report [inputs] [options] [--out FILE]   the same as one self-contained HTML file with charts",
            "                                           (default report.html; --title TEXT)",
            StatsOptions.USAGE,
            "  check --config FILE [--classpath CP]     validate a config (presets included) and, with the",
            "                                           application's class path, its sites and value paths",
            "                                           against the classes there; exit code 0 or 1",
            "  help                                     this text",
            "",
            "as an agent: java -javaagent:telemetry-agent.jar=config=telemetry.yaml -jar app.jar");

    private Cli() {
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "tail":
                    return TailCommand.run(args, out, err);
                case "ship":
                    return ShipCommand.run(args, out, err);
                case "status":
                    return StatusCommand.run(args, out, err);
                case "show":
                    return ShowCommand.run(args, out, err);
                case "stats":
                    return StatsCommand.run(args, out, err);
                case "report":
                    return ReportCommand.run(args, out, err);
                case "check":
                    return CheckCommand.run(args, out);
                default:
                    throw new Args.UsageException("unknown command '" + args[0] + "'");
            }
        } catch (Args.UsageException e) {
            err.println("telemetry-agent: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (Throwable t) {
            // a user's path, permission or damaged file, as one line rather than a stack trace
            err.println(CliFailure.describe(args[0], t));
            err.flush();
            return 1;
        }
    }
}
