package dev.infertel.it.app;

import com.acme.llm.Client;
import com.acme.llm.Listener;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An application traced with the OpenTelemetry SDK: a plain and a streamed call inside a current span
 * (each printed with the span's ids, as the application sees them), then a call outside any span.
 */
public final class TraceJoinApp {

    public static void main(String[] args) throws Exception {
        SdkTracerProvider provider = SdkTracerProvider.builder().build();
        Tracer tracer = provider.get("trace-join-app");
        Client client = new Client();

        Span request = tracer.spanBuilder("handle-request").startSpan();
        try (Scope ignored = request.makeCurrent()) {
            client.complete("in-span", "a prompt");
            System.out.println("in-span " + request.getSpanContext().getTraceId() + " "
                    + request.getSpanContext().getSpanId());
        } finally {
            request.end();
        }

        Span stream = tracer.spanBuilder("stream-request").startSpan();
        CountDownLatch done = new CountDownLatch(1);
        try (Scope ignored = stream.makeCurrent()) {
            client.streamAsync("streamed-in-span", "a prompt", new Listener() {
                @Override
                public void onToken(String token) {
                }

                @Override
                public void onDone() {
                    done.countDown();
                }

                @Override
                public void onError(Throwable error) {
                    done.countDown();
                }
            });
            System.out.println("streamed-in-span " + stream.getSpanContext().getTraceId() + " "
                    + stream.getSpanContext().getSpanId());
        }
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the stream did not end");
        }
        stream.end();

        client.complete("no-span", "a prompt");
        System.out.println("no-span");
        provider.close();
    }
}
