package dev.infertel.agent;

import dev.infertel.agent.log.AgentLog;
import dev.infertel.agent.queue.RecordQueue;

/**
 * The thread group of the agent's background start, and so of every thread started from it: the
 * shipper's, and those Chronicle starts itself. An exception that escapes one of them becomes a line of
 * the agent's log instead of a stack trace on the application's stderr (Chronicle's releaser thread dies
 * that way when the JVM shuts down while the queue is still opening).
 */
final class AgentThreads extends ThreadGroup {

    private final AgentLog log;

    AgentThreads(AgentLog log) {
        super("telemetry-agent");
        this.log = log;
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        if (RecordQueue.shuttingDown()) {
            log.debug("thread " + t.getName() + " ended at shutdown: " + e);
        } else {
            log.warn("thread " + t.getName() + " stopped: " + e);
        }
    }
}
