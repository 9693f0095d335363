package dev.infertel.it.presets.app;

import com.acme.reactive.ReactiveClient;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An ordinary reactive application (no telemetry code) using {@link ReactiveClient} in every shape.
 * Each request's clock starts right before the app subscribes, after it assembled its operators (for
 * a cold publisher, the subscription is when the request is made).
 */
public final class ReactiveApp {

    public static void main(String[] args) throws Exception {
        Path truthFile = Path.of(args[1]);
        ReactiveClient client = new ReactiveClient();
        // the app's clock starts before it assembles its own operators, which the agent (timing from the
        // subscription on) cannot see: load Reactor's operator classes first, as a running service has
        for (int i = 0; i < 3; i++) {
            Flux.defer(() -> Flux.just("warm").doOnNext(v -> { }).doOnComplete(() -> { }).doOnError(e -> { })
                    .doOnCancel(() -> { }).doOnSubscribe(s -> { })).doOnNext(v -> { }).take(5).blockLast();
            Mono.defer(() -> Flux.just("warm").reduce("", String::concat).doOnNext(v -> { }).doOnSuccess(v -> { })
                    .doOnError(e -> { }).doOnCancel(() -> { }).doOnSubscribe(s -> { })).doOnNext(v -> { }).block();
        }
        // a first request per shape warms the JVM (class loading, JIT) as a running service is warm; it is
        // recorded like any other, but its timing is not held to the 1 ms comparison
        for (String round : new String[] {"warm", "0", "1"}) {
            flux(client.stream("rx-flux-" + round), "rx-flux-" + round, "flux", Long.MAX_VALUE, truthFile);
            flow(client.flow("rx-flow-" + round), "rx-flow-" + round, truthFile);
            Publisher<String> p = client.publisher("rx-rs-" + round);
            flux(Flux.from(p), "rx-rs-" + round, "rs", Long.MAX_VALUE, truthFile);
            flux(client.chat("rx-nested-" + round), "rx-nested-" + round, "nested", Long.MAX_VALUE, truthFile);
            flux(client.chatLate("rx-late-" + round), "rx-late-" + round, "nested", Long.MAX_VALUE, truthFile);
            Truth[] clock = new Truth[1];
            Mono<String> mono = client.complete("rx-mono-" + round).doOnNext(v -> clock[0].chunk());
            Truth t = new Truth("rx-mono-" + round, "mono", OpenAiApp.variant("rx-mono-" + round));
            clock[0] = t;
            String all = mono.block();
            t.end(all != null && !all.isEmpty() ? "ok" : "empty");
            t.write(truthFile);
        }
        Flux<String> twice = client.stream("rx-twice");
        flux(twice, "rx-twice", "twice", Long.MAX_VALUE, truthFile);
        flux(twice, "rx-twice", "twice", Long.MAX_VALUE, truthFile);
        flux(client.stream("rx-flux-cancel"), "rx-flux-cancel", "flux", 2, truthFile);
        flux(client.stream("rx-flux-fail"), "rx-flux-fail", "flux", Long.MAX_VALUE, truthFile);
        System.out.println("reactive app done");
    }

    static void flux(Flux<String> flux, String model, String kind, long take, Path truthFile) throws Exception {
        Truth[] clock = new Truth[1];
        Flux<String> read = (take == Long.MAX_VALUE ? flux : flux.take(take)).doOnNext(v -> clock[0].chunk());
        Truth t = new Truth(model, kind, OpenAiApp.variant(model));
        clock[0] = t;
        try {
            read.blockLast();
            t.end(take == Long.MAX_VALUE ? "ok" : "closed");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void flow(Flow.Publisher<String> publisher, String model, Path truthFile) throws Exception {
        Truth[] clock = new Truth[1];
        CountDownLatch done = new CountDownLatch(1);
        Flow.Subscriber<String> subscriber = new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String item) {
                clock[0].chunk();
            }

            @Override
            public void onError(Throwable e) {
                clock[0].end(e.getClass().getName());
                done.countDown();
            }

            @Override
            public void onComplete() {
                clock[0].end("ok");
                done.countDown();
            }
        };
        Truth t = new Truth(model, "flow", OpenAiApp.variant(model));
        clock[0] = t;
        publisher.subscribe(subscriber);
        done.await(30, TimeUnit.SECONDS);
        t.write(truthFile);
    }
}
