package dev.infertel.agent.cli;

import dev.infertel.agent.report.HtmlReport;
import dev.infertel.agent.stats.Dimension;
import dev.infertel.agent.stats.StatsEngine;
import dev.infertel.agent.stats.StatsResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** {@code report}: the stats and their charts as one self-contained HTML file. */
final class ReportCommand {

    private ReportCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Args.UsageException {
        Args args = Args.parse(argv, 1, StatsOptions.valued("out", "title"), StatsOptions.flags());
        StatsResult result = StatsOptions.parse(args, Instant.now()).run(err,
                StatsEngine.Options.DEFAULT.withCharts(List.of(Dimension.MODEL, Dimension.GPU)));
        if (result == null) {
            return 1;
        }
        Path file = Path.of(args.get("out", "report.html"));
        String html = HtmlReport.render(result, args.get("title", "Inference telemetry report"), Instant.now());
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println(CliFailure.describe("report (writing " + file.toAbsolutePath() + ")", e));
            return 1;
        }
        out.println("wrote " + file.toAbsolutePath() + " (" + result.groups().size() + " group(s))");
        return 0;
    }
}
