package dev.infertel.agent.ship;

import dev.infertel.agent.record.TelemetryRecord;
import dev.infertel.agent.sink.Delivery;
import dev.infertel.agent.sink.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A sink whose answer a test decides, keeping every batch it accepted (and when). */
final class ScriptedSink implements Sink {

    final List<List<TelemetryRecord>> accepted = new CopyOnWriteArrayList<>();
    final List<Long> acceptedAtNanos = new CopyOnWriteArrayList<>();
    final List<Long> attemptsAtNanos = new CopyOnWriteArrayList<>();
    private final String name;
    private volatile Function<List<TelemetryRecord>, Delivery> answer;

    ScriptedSink(String name, Function<List<TelemetryRecord>, Delivery> answer) {
        this.name = name;
        this.answer = answer;
    }

    static ScriptedSink accepting(String name) {
        return new ScriptedSink(name, b -> Delivery.ACCEPTED);
    }

    void answer(Function<List<TelemetryRecord>, Delivery> answer) {
        this.answer = answer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Delivery deliver(List<TelemetryRecord> batch) {
        attemptsAtNanos.add(System.nanoTime());
        Delivery d = answer.apply(batch);
        if (d.kind() == Delivery.Kind.ACCEPTED) {
            accepted.add(new ArrayList<>(batch));
            acceptedAtNanos.add(System.nanoTime());
        }
        return d;
    }

    List<Long> sequences() {
        List<Long> out = new ArrayList<>();
        for (List<TelemetryRecord> b : accepted) {
            for (TelemetryRecord r : b) {
                out.add(r.idSequence());
            }
        }
        return out;
    }

    @Override
    public void close() {
    }
}
