package com.acme.reactive;

import com.acme.llm.AcmeException;
import dev.infertel.it.presets.ProviderScript;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.LockSupport;
import org.reactivestreams.Publisher;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * A reactive LLM client as Spring AI or an Azure SDK shapes one: tokens pushed from the client's own
 * delivery thread with the scripted timing, as a Flux, a Mono, a JDK Flow.Publisher or a plain Reactive
 * Streams Publisher. {@code ...-fail} models fail after {@link ProviderScript#FAIL_AFTER} tokens.
 */
public final class ReactiveClient {

    private final ModelDirectory directory = new ModelDirectory();

    public Flux<String> stream(String model) {
        return Flux.create(sink -> {
            Thread delivery = new Thread(() -> deliver(model, sink), "acme-rx-delivery");
            delivery.setDaemon(true);
            delivery.start();
        });
    }

    public Mono<String> complete(String model) {
        return stream(model).reduce("", String::concat);
    }

    public Flow.Publisher<String> flow(String model) {
        return JdkFlowAdapter.publisherToFlowPublisher(stream(model));
    }

    public Publisher<String> publisher(String model) {
        return stream(model);
    }

    /** A client built on another instrumented call: the model is looked up while subscribing. */
    public Flux<String> chat(String model) {
        return Flux.defer(() -> stream(directory.lookup(model)));
    }

    /**
     * The same, but the nested call comes after the subscriber has its subscription: inside
     * {@code Flux.create}, as Spring AI starts openai-java's stream.
     */
    public Flux<String> chatLate(String model) {
        return Flux.create(sink -> {
            String resolved = directory.lookup(model);
            Thread delivery = new Thread(() -> deliver(resolved, sink), "acme-rx-delivery");
            delivery.setDaemon(true);
            delivery.start();
        });
    }

    private static void deliver(String model, FluxSink<String> sink) {
        for (int i = 0; i < ProviderScript.TOKENS; i++) {
            sleepMs(ProviderScript.delayBefore(i));
            if (sink.isCancelled()) {
                return;
            }
            if (ProviderScript.failsMidStream(model) && i == ProviderScript.FAIL_AFTER) {
                sink.error(new AcmeException("scripted failure"));
                return;
            }
            sink.next("tok" + i + " ");
        }
        sink.complete();
    }

    private static void sleepMs(long ms) {
        long until = System.nanoTime() + ms * 1_000_000L;
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }
}
