package dev.infertel.agent.cli;

import dev.infertel.agent.AgentRuntime;
import dev.infertel.agent.config.AgentConfig;
import dev.infertel.agent.config.ConfigException;
import dev.infertel.agent.config.ConfigParser;
import dev.infertel.agent.config.SinkConfig;
import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.RecordQueue;
import dev.infertel.agent.ship.Shipper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * {@code ship --config F}: the shipper alone, draining a queue that other processes append to, until
 * interrupted (Ctrl-C, SIGTERM); then it ships what is there, bounded in time, and ends.
 */
final class ShipCommand {

    private static final long STOP_MILLIS = 5_000;

    private ShipCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws Args.UsageException {
        Args args = Args.parse(argv, 1, Set.of("config"), Set.of());
        String file = args.get("config", null);
        if (file == null) {
            throw new Args.UsageException("ship needs --config FILE");
        }
        AgentConfig config;
        try {
            config = ConfigParser.parse(Path.of(file));
        } catch (ConfigException e) {
            err.println("telemetry-agent: " + e.getMessage());
            return 1;
        }
        AgentLog log = config.logFile() != null ? AgentLog.toFile(config.logFile(), config.debug())
                : new AgentLog(err, config.debug());
        if (config.sinks().isEmpty() && !config.queue().bounded()) {
            err.println("telemetry-agent: " + file + " configures no sinks and no queue bounds: nothing to do");
            return 1;
        }
        SingleChronicleQueue queue;
        Shipper shipper;
        try {
            queue = RecordQueue.open(config.queue().dir(), config.queue().rollCycle());
            RecordQueue.appendPending(queue, config.queue().dir(), log);
            shipper = AgentRuntime.startShipper(queue, config, log);
        } catch (Exception e) {
            err.println(CliFailure.describe("ship of " + config.queue().dir().toAbsolutePath(), e));
            return 1;
        }
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (done.compareAndSet(false, true)) {
                if (shipper != null) {
                    shipper.stop(STOP_MILLIS); // positions are saved as each batch is acknowledged
                }
                queue.close();
                log.info("shipper stopped");
            }
        };
        CountDownLatch asked = new CountDownLatch(1);
        StopSignals.install(asked::countDown);
        // any other way the JVM ends (SIGHUP, -Xrs): still a bounded stop
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "telemetry-ship-stop"));
        log.info("shipping queue " + config.queue().dir().toAbsolutePath() + " to "
                + config.sinks().stream().map(SinkConfig::name).toList() + " until interrupted");
        try {
            asked.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop.run();
        return 0;
    }
}
