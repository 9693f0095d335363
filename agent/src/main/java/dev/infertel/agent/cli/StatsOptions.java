package dev.infertel.agent.cli;

import dev.infertel.agent.config.AgentConfig;
import dev.infertel.agent.config.ConfigException;
import dev.infertel.agent.config.ConfigParser;
import dev.infertel.agent.config.CostConfig;
import dev.infertel.agent.config.ModelSpec;
import dev.infertel.agent.stats.ClickHouseStats;
import dev.infertel.agent.stats.Dimension;
import dev.infertel.agent.stats.Exclusion;
import dev.infertel.agent.stats.Problems;
import dev.infertel.agent.stats.RecordSources;
import dev.infertel.agent.stats.StatsEngine;
import dev.infertel.agent.stats.StatsQuery;
import dev.infertel.agent.stats.StatsResult;
import dev.infertel.agent.stats.TimeBound;
import dev.infertel.agent.store.ClickHouseHttp;
import dev.infertel.agent.store.ClickHouseSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/** The inputs and filters {@code stats} and {@code report} share. */
final class StatsOptions {

    static final Set<String> VALUED = Set.of("queue", "by", "since", "until", "exclude-warmup", "window", "cv", "config",
            "threads");
    static final Set<String> FLAGS = Set.of("steady-state", "exact");

    static final String USAGE = String.join("\n",
            "  inputs: --queue DIR[,DIR...] and/or JSONL files or folders as arguments (rotated *.jsonl.N and",
            "          gzipped files too; a folder holding *.cq4 files is read as a queue); records are merged",
            "          and de-duplicated by record_id",
            "  --by DIMS              group by any of model,engine,site,gpu,exit,tenant (default model,engine,gpu)",
            "  --since T / --until T  calls that started in [since, until): ISO time (2026-11-23T10:00:00Z,",
            "                         no offset = UTC, a date = its UTC midnight) or a time before now (30m, 1h, 2d)",
            "  --exclude-warmup N     leave out the first N calls of each group, in start order",
            "  --steady-state         leave out each group's calls until throughput settles: the series is the",
            "                         group's ok calls with a tokens/s figure, in start order; steady state starts",
            "                         at the first call of the first window of W consecutive such calls whose",
            "                         coefficient of variation (population std dev / mean) of output tokens/s",
            "                         is <= CV; calls started before it are left out (a group that never",
            "                         settles is left out whole). --window W (default 5), --cv CV (default 0.10)",
            "  --config FILE          the agent config: pricing/costs price records that carry no cost;",
            "                         models (params_b, active_params_b, bytes_per_param) give MFU and MBU",
            "  --exact                exact nearest-rank TTFT/TPOT/E2E percentiles; keeps every value (8 bytes",
            "                         per value: memory grows with the input). Without it, percentiles come from",
            "                         per-group histograms, within 0.39 % of the exact value, in memory that",
            "                         depends on the number of groups, not of records (ITL: always histograms)",
            "  --threads N            reading threads (default: the number of cores)",
            "  stats --clickhouse URL [--database DB] [--table T] [--user NAME] [options]",
            "                         the same matrix computed inside ClickHouse over the clickhouse sink's table",
            "                         (default telemetry.records), each record counted once (FINAL); --by, --since,",
            "                         --until, --exclude-warmup, --steady-state, --config and --exact as for files.",
            "                         Credentials: the URL's user:password@, --user, or CLICKHOUSE_USER and",
            "                         CLICKHOUSE_PASSWORD in the environment (never printed)");

    /** The options of {@code stats} alone: the matrix computed inside ClickHouse. */
    static final Set<String> CLICKHOUSE_VALUED = Set.of("clickhouse", "database", "table", "user");

    final List<Path> queues = new ArrayList<>();
    final List<Path> paths = new ArrayList<>();
    final StatsQuery query;
    int threads = Runtime.getRuntime().availableProcessors();
    /** Where the records are when they are read from ClickHouse; null for files and queues. */
    ClickHouseSource clickhouse;

    /** A ClickHouse server's table and the credentials to read it (the URL holds none). */
    record ClickHouseSource(URI url, String user, String password, String database, String table) {

        @Override
        public String toString() {
            return url + " " + database + "." + table; // never the password
        }
    }

    private StatsOptions(StatsQuery query) {
        this.query = query;
    }

    static StatsOptions parse(Args args, Instant now) throws Args.UsageException {
        return parse(args, now, System::getenv);
    }

    static StatsOptions parse(Args args, Instant now, UnaryOperator<String> env) throws Args.UsageException {
        List<Dimension> by;
        Long since;
        Long until;
        try {
            by = args.get("by", null) == null ? Dimension.DEFAULT : Dimension.parseList(args.get("by", null));
            since = args.get("since", null) == null ? null : TimeBound.parseMicros(args.get("since", null), now);
            until = args.get("until", null) == null ? null : TimeBound.parseMicros(args.get("until", null), now);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        Exclusion exclusion = Exclusion.NONE;
        boolean steady = args.flag("steady-state");
        if (args.get("exclude-warmup", null) != null) {
            if (steady) {
                throw new Args.UsageException("give either --exclude-warmup or --steady-state, not both");
            }
            exclusion = new Exclusion.WarmUp(integer(args, "exclude-warmup", 0));
        } else if (steady) {
            int window = args.get("window", null) == null ? Exclusion.SteadyState.DEFAULT_WINDOW : integer(args, "window", 2);
            double cv = Exclusion.SteadyState.DEFAULT_MAX_CV;
            if (args.get("cv", null) != null) {
                try {
                    cv = Double.parseDouble(args.get("cv", null));
                } catch (NumberFormatException e) {
                    cv = -1;
                }
                if (!(cv >= 0)) {
                    throw new Args.UsageException("--cv needs a number >= 0, got '" + args.get("cv", null) + "'");
                }
            }
            exclusion = new Exclusion.SteadyState(window, cv);
        } else if (args.get("window", null) != null || args.get("cv", null) != null) {
            throw new Args.UsageException("--window and --cv belong to --steady-state");
        }
        CostConfig prices = CostConfig.NONE;
        Map<String, ModelSpec> models = Map.of();
        if (args.get("config", null) != null) {
            try {
                AgentConfig config = ConfigParser.parse(Path.of(args.get("config", null)));
                prices = config.costs();
                models = config.models();
            } catch (ConfigException e) {
                throw new Args.UsageException(e.getMessage());
            }
        }
        StatsOptions o = new StatsOptions(new StatsQuery(by, since, until, exclusion, prices, models, args.flag("exact")));
        if (args.get("threads", null) != null) {
            o.threads = integer(args, "threads", 1);
        }
        if (args.get("queue", null) != null) {
            for (String q : args.get("queue", null).split(",")) {
                o.queues.add(Path.of(q));
            }
        }
        for (String p : args.positional()) {
            o.paths.add(Path.of(p));
        }
        if (args.get("clickhouse", null) != null) {
            if (!o.queues.isEmpty() || !o.paths.isEmpty()) {
                throw new Args.UsageException("--clickhouse reads the records from the server: give no files or --queue"
                        + " beside it");
            }
            o.clickhouse = clickhouse(args, env);
            return o;
        }
        for (String name : CLICKHOUSE_VALUED) {
            if (args.get(name, null) != null) {
                throw new Args.UsageException("--" + name + " belongs to --clickhouse");
            }
        }
        if (o.queues.isEmpty() && o.paths.isEmpty()) {
            o.queues.add(Path.of("telemetry-queue"));
        }
        return o;
    }

    /** The URL without its credentials; user from --user, the URL or CLICKHOUSE_USER, password from the URL or CLICKHOUSE_PASSWORD. */
    private static ClickHouseSource clickhouse(Args args, UnaryOperator<String> env) throws Args.UsageException {
        String text = args.get("clickhouse", null).strip();
        if (!text.contains("://")) {
            text = "http://" + text;
        }
        URI given;
        try {
            given = new URI(text);
        } catch (URISyntaxException e) {
            throw new Args.UsageException("--clickhouse needs the server's HTTP URL, e.g. http://127.0.0.1:8123");
        }
        if (!("http".equals(given.getScheme()) || "https".equals(given.getScheme())) || given.getHost() == null) {
            throw new Args.UsageException("--clickhouse needs the server's HTTP URL, e.g. http://127.0.0.1:8123");
        }
        String user = null;
        String password = null;
        if (given.getRawUserInfo() != null) {
            String info = given.getUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? null : info.substring(colon + 1);
        }
        if (args.get("user", null) != null) {
            user = args.get("user", null);
        }
        if (user == null || user.isEmpty()) {
            user = env.apply("CLICKHOUSE_USER");
        }
        if (password == null) {
            password = env.apply("CLICKHOUSE_PASSWORD");
        }
        URI url;
        try {
            url = new URI(given.getScheme(), null, given.getHost(), given.getPort(),
                    given.getPath() == null || given.getPath().isEmpty() ? "/" : given.getPath(), given.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new Args.UsageException("--clickhouse: " + e.getMessage());
        }
        String database = args.get("database", ClickHouseSchema.DEFAULT_DATABASE);
        String table = args.get("table", ClickHouseSchema.DEFAULT_TABLE);
        try {
            ClickHouseSchema.identifier(database);
            ClickHouseSchema.identifier(table);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        return new ClickHouseSource(url, user == null || user.isEmpty() ? null : user,
                password == null || password.isEmpty() ? null : password, database, table);
    }

    private static int integer(Args args, String name, int min) throws Args.UsageException {
        String v = args.get(name, null);
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Args.UsageException("--" + name + " needs a whole number >= " + min + ", got '" + v + "'");
    }

    static Set<String> valued(String... more) {
        Set<String> all = new HashSet<>(VALUED);
        all.addAll(List.of(more));
        return all;
    }

    static Set<String> flags(String... more) {
        Set<String> all = new HashSet<>(FLAGS);
        all.addAll(List.of(more));
        return all;
    }

    /** Reads, filters and aggregates; null (after saying why on {@code err}) when an input cannot be read. */
    StatsResult run(PrintStream err) {
        return run(err, StatsEngine.Options.DEFAULT);
    }

    StatsResult run(PrintStream err, StatsEngine.Options options) {
        Problems problems = new Problems();
        StatsResult result;
        if (clickhouse != null) {
            try {
                result = ClickHouseStats.run(new ClickHouseHttp(clickhouse.url(), clickhouse.user(), clickhouse.password(),
                        Duration.ofMinutes(30)), clickhouse.database(), clickhouse.table(), query);
            } catch (IOException | RuntimeException e) {
                err.println("telemetry-agent: cannot compute the matrix in ClickHouse: " + e.getMessage());
                return null;
            }
            result.notes().forEach(n -> err.println("telemetry-agent: " + n));
            return result;
        }
        try {
            result = StatsEngine.run(RecordSources.of(queues, paths), query, options.withThreads(threads), problems);
        } catch (IOException | RuntimeException e) {
            err.println(CliFailure.describe("reading the records", e));
            return null;
        }
        for (String p : problems.messages()) {
            err.println("telemetry-agent: skipped " + p);
        }
        if (problems.count() > problems.messages().size()) {
            err.println("telemetry-agent: skipped " + problems.count() + " unreadable line(s) in all");
        }
        for (String n : result.notes()) {
            err.println("telemetry-agent: " + n);
        }
        return result;
    }
}
