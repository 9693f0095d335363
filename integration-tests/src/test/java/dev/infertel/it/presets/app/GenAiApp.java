package dev.infertel.it.presets.app;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

/**
 * An ordinary Google Gen AI SDK application (no telemetry code): generateContent and generateContentStream,
 * sync and async (client.async.models), against the Gemini API at the base URL it is given; a refused
 * request, a stream that fails midway and a stream closed after two chunks.
 */
public final class GenAiApp {

    public static void main(String[] args) throws Exception {
        Path truthFile = Path.of(args[1]);
        try (Client client = Client.builder().apiKey("local-test-key")
                .httpOptions(HttpOptions.builder().baseUrl(args[0]).apiVersion("v1beta")
                        .retryOptions(HttpRetryOptions.builder().attempts(1)).build()).build()) {
            // a first request per shape warms the JVM (class loading, JIT) as a running service is warm; it is
            // recorded like any other, but its timing is not held to the 1 ms comparison
            for (String round : new String[] {"warm", "0", "1"}) {
                generate(client, "gemini-sync-" + round, truthFile);
                generateAsync(client, "gemini-async-" + round, truthFile);
                stream(client, "gemini-stream-" + round, truthFile, Integer.MAX_VALUE);
                streamAsync(client, "gemini-astream-" + round, truthFile);
            }
            generate(client, "gemini-sync-429", truthFile);
            stream(client, "gemini-stream-429", truthFile, Integer.MAX_VALUE);
            stream(client, "gemini-stream-fail", truthFile, Integer.MAX_VALUE);
            stream(client, "gemini-stream-cancel", truthFile, 2);
        }
        System.out.println("google-genai app done");
    }

    static final String PROMPT = "Say something. PROMPT-MARKER-genai";

    static void generate(Client client, String model, Path truthFile) throws Exception {
        Truth t = new Truth(model, "sync", OpenAiApp.variant(model));
        try {
            GenerateContentResponse r = client.models.generateContent(model, PROMPT, null);
            t.end(r.text() == null || r.text().isEmpty() ? "empty" : "ok");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void generateAsync(Client client, String model, Path truthFile) throws Exception {
        Truth t = new Truth(model, "async", OpenAiApp.variant(model));
        GenerateContentResponse r = client.async.models.generateContent(model, PROMPT, null).join();
        t.end(r.text() == null || r.text().isEmpty() ? "empty" : "ok");
        t.write(truthFile);
    }

    static void stream(Client client, String model, Path truthFile, int readAtMost) throws Exception {
        Truth t = new Truth(model, "stream", OpenAiApp.variant(model));
        try (ResponseStream<GenerateContentResponse> s = client.models.generateContentStream(model, PROMPT, null)) {
            read(s, t, readAtMost);
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void streamAsync(Client client, String model, Path truthFile) throws Exception {
        Truth t = new Truth(model, "astream", OpenAiApp.variant(model));
        try (ResponseStream<GenerateContentResponse> s = client.async.models.generateContentStream(model, PROMPT, null)
                .join()) {
            read(s, t, Integer.MAX_VALUE);
        } catch (CompletionException e) {
            t.end(e.getCause().getClass().getName());
        }
        t.write(truthFile);
    }

    private static void read(ResponseStream<GenerateContentResponse> s, Truth t, int readAtMost) {
        int read = 0;
        for (GenerateContentResponse chunk : s) {
            if (chunk.candidates().map(c -> !c.isEmpty()).orElse(false)) {
                t.chunk();
                if (++read == readAtMost) {
                    t.end("closed");
                    return;
                }
            }
        }
        t.end("ok");
    }
}
