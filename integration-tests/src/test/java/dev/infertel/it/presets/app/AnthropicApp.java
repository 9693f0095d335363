package dev.infertel.it.presets.app;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.nio.file.Path;

/** An ordinary anthropic-java application (no telemetry code): messages, sync and streaming. */
public final class AnthropicApp {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path truthFile = Path.of(args[1]);
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(base).apiKey("sk-ant-local-test")
                .maxRetries(0).build();
        try {
            // a first request per shape warms the JVM (class loading, JIT) as a running service is warm; it is
        // recorded like any other, but its timing is not held to the 1 ms comparison
        for (String round : new String[] {"warm", "0", "1"}) {
                sync(client, "claude-sync-" + round, truthFile);
                async(client, "claude-async-" + round, truthFile);
                stream(client, "claude-stream-" + round, truthFile, Integer.MAX_VALUE);
            }
            sync(client, "claude-sync-429", truthFile);
            stream(client, "claude-stream-fail", truthFile, Integer.MAX_VALUE);
            stream(client, "claude-stream-cancel", truthFile, 2);
        } finally {
            client.close();
        }
        System.out.println("anthropic app done");
    }

    static MessageCreateParams params(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(64)
                .addUserMessage("Say something. PROMPT-MARKER-anthropic").build();
    }

    static void sync(AnthropicClient client, String model, Path truthFile) throws Exception {
        var request = params(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "sync", OpenAiApp.variant(model));
        try {
            Message m = client.messages().create(request);
            t.end(m.content().isEmpty() ? "empty" : "ok");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void async(AnthropicClient client, String model, Path truthFile) throws Exception {
        var request = params(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "async", OpenAiApp.variant(model));
        Message m = client.async().messages().create(request).join();
        t.end(m.content().isEmpty() ? "empty" : "ok");
        t.write(truthFile);
    }

    static void stream(AnthropicClient client, String model, Path truthFile, int readAtMost) throws Exception {
        var request = params(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "stream", OpenAiApp.variant(model));
        try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(request)) {
            s.stream().filter(e -> e.contentBlockDelta().isPresent()).limit(readAtMost).forEach(e -> t.chunk());
            t.end(readAtMost == Integer.MAX_VALUE ? "ok" : "closed");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }
}
