package com.acme.llm;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** A fake LLM client whose every answer follows {@link Script#of(String)}. No telemetry code here. */
public class Client {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService DELIVERY = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "acme-delivery-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** Streams on the caller's thread; errors go to the listener, never thrown. */
    public void stream(String model, String prompt, Listener listener) {
        deliver(Script.of(model), listener);
    }

    /** Returns at once; a delivery thread streams to the listener. */
    public void streamAsync(String model, String prompt, Listener listener) {
        Script script = Script.of(model);
        DELIVERY.execute(() -> deliver(script, listener));
    }

    public Iterator<String> iterate(String model, String prompt) {
        return new TokenIterator(Script.of(model));
    }

    public Stream<String> streamOf(String model, String prompt) {
        TokenIterator tokens = new TokenIterator(Script.of(model));
        Spliterator<String> source = new Spliterators.AbstractSpliterator<>(Script.CHUNKS, Spliterator.ORDERED) {
            @Override
            public boolean tryAdvance(Consumer<? super String> action) {
                if (!tokens.hasNext()) {
                    return false;
                }
                action.accept(tokens.next());
                return true;
            }
        };
        return StreamSupport.stream(source, false).onClose(tokens::close);
    }

    public CompletableFuture<String> future(String model, String prompt) {
        Script script = Script.of(model);
        CompletableFuture<String> answer = new CompletableFuture<>();
        DELIVERY.execute(() -> {
            sleep(script.totalMs());
            if (script.fails()) {
                answer.completeExceptionally(script.failure());
            } else {
                answer.complete("answer:" + script.model());
            }
        });
        return answer;
    }

    public String complete(String model, String prompt) {
        Script script = Script.of(model);
        sleep(script.totalMs());
        if (script.fails()) {
            throw script.failure();
        }
        return "answer:" + script.model();
    }

    /** A convenience call that goes through {@link #complete}: an instrumented call inside another. */
    public String chat(String model, String prompt) {
        return complete(model, prompt.strip());
    }

    private static void deliver(Script script, Listener listener) {
        for (int k = 0; k < Script.CHUNKS; k++) {
            sleep(script.delayBefore(k));
            if (script.fails() && k == Script.FAIL_AT) {
                listener.onError(script.failure());
                return;
            }
            listener.onToken(Script.token(k));
        }
        listener.onDone();
    }

    static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closeable so that a caller can stop a stream early. */
    private static final class TokenIterator implements Iterator<String>, AutoCloseable {
        private final Script script;
        private int next;
        private boolean closed;

        TokenIterator(Script script) {
            this.script = script;
        }

        @Override
        public boolean hasNext() {
            return !closed && next < Script.CHUNKS;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            sleep(script.delayBefore(next));
            if (script.fails() && next == Script.FAIL_AT) {
                throw script.failure();
            }
            return Script.token(next++);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
