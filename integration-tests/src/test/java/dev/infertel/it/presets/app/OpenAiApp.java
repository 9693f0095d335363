package dev.infertel.it.presets.app;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An ordinary openai-java application (no telemetry code): sync, async, streaming and async streaming
 * chat completions and responses against the base URL it is given, plus a refused request, a stream that fails
 * midway and a stream it stops reading early. Records what it saw in the truth file.
 */
public final class OpenAiApp {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        Path truthFile = Path.of(args[1]);
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey("sk-local-test")
                .maxRetries(0).build();
        try {
            // a first request per shape warms the JVM (class loading, JIT) as a running service is warm; it is
        // recorded like any other, but its timing is not held to the 1 ms comparison
        for (String round : new String[] {"warm", "0", "1"}) {
                sync(client, "gpt-sync-" + round, truthFile);
                async(client, "gpt-async-" + round, truthFile);
                stream(client, "gpt-stream-" + round, truthFile, Integer.MAX_VALUE);
                asyncStream(client, "gpt-astream-" + round, truthFile);
            }
            for (String round : new String[] {"warm", "0", "1"}) {
                responses(client, "gpt-resp-" + round, truthFile);
                responsesAsync(client, "gpt-aresp-" + round, truthFile);
                responsesStream(client, "gpt-rstream-" + round, truthFile, Integer.MAX_VALUE);
                responsesAsyncStream(client, "gpt-arstream-" + round, truthFile);
            }
            responses(client, "gpt-resp-429", truthFile);
            responsesStream(client, "gpt-rstream-429", truthFile, Integer.MAX_VALUE);
            responsesStream(client, "gpt-rstream-fail", truthFile, Integer.MAX_VALUE);
            responsesAsyncStream(client, "gpt-arstream-fail", truthFile);
            responsesStream(client, "gpt-rstream-cancel", truthFile, 2);
            sync(client, "gpt-sync-429", truthFile);
            stream(client, "gpt-stream-429", truthFile, Integer.MAX_VALUE);
            asyncStream(client, "gpt-astream-429", truthFile);
            stream(client, "gpt-stream-fail", truthFile, Integer.MAX_VALUE);
            asyncStream(client, "gpt-astream-fail", truthFile);
            stream(client, "gpt-stream-cancel", truthFile, 2);
        } finally {
            client.close();
        }
        System.out.println("openai app done");
    }

    static ChatCompletionCreateParams params(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say something. PROMPT-MARKER-openai")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    }

    static void sync(OpenAIClient client, String model, Path truthFile) throws Exception {
        var request = params(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "sync", variant(model));
        try {
            ChatCompletion c = client.chat().completions().create(request);
            t.end(c.choices().isEmpty() ? "empty" : "ok");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void async(OpenAIClient client, String model, Path truthFile) throws Exception {
        var request = params(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "async", variant(model));
        ChatCompletion c = client.async().chat().completions().create(request).join();
        t.end(c.choices().isEmpty() ? "empty" : "ok");
        t.write(truthFile);
    }

    static void stream(OpenAIClient client, String model, Path truthFile, int readAtMost) throws Exception {
        var request = params(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "stream", variant(model));
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(request)) {
            s.stream().filter(chunk -> !chunk.choices().isEmpty()).limit(readAtMost).forEach(chunk -> t.chunk());
            t.end(readAtMost == Integer.MAX_VALUE ? "ok" : "closed");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void asyncStream(OpenAIClient client, String model, Path truthFile) throws Exception {
        var request = params(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "astream", variant(model));
        AsyncStreamResponse<ChatCompletionChunk> r = client.async().chat().completions().createStreaming(request);
        r.subscribe(new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
            @Override
            public void onNext(ChatCompletionChunk chunk) {
                if (!chunk.choices().isEmpty()) {
                    t.chunk();
                }
            }

            @Override
            public void onComplete(Optional<Throwable> error) {
                t.end(error.map(e -> e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e).map(e -> e.getClass().getName()).orElse("ok"));
            }
        });
        try {
            r.onCompleteFuture().join();
        } catch (RuntimeException e) {
            // a request refused before streaming fails the future without calling the handler
            Throwable cause = e;
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            t.end(cause.getClass().getName());
        }
        t.write(truthFile);
    }

    static ResponseCreateParams responseParams(String model) {
        return ResponseCreateParams.builder().model(model).input("Say something. PROMPT-MARKER-responses").build();
    }

    static void responses(OpenAIClient client, String model, Path truthFile) throws Exception {
        var request = responseParams(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "resp", variant(model));
        try {
            Response r = client.responses().create(request);
            t.end(r.output().isEmpty() ? "empty" : "ok");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void responsesAsync(OpenAIClient client, String model, Path truthFile) throws Exception {
        var request = responseParams(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "aresp", variant(model));
        Response r = client.async().responses().create(request).join();
        t.end(r.output().isEmpty() ? "empty" : "ok");
        t.write(truthFile);
    }

    static void responsesStream(OpenAIClient client, String model, Path truthFile, int readAtMost) throws Exception {
        var request = responseParams(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "rstream", variant(model));
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(request)) {
            // the error event is handed to the application, not thrown: the application ends the request on it
            s.stream().peek(event -> event.error().ifPresent(error -> t.end(error.getClass().getName())))
                    .filter(event -> event.outputTextDelta().isPresent()).limit(readAtMost).forEach(event -> t.chunk());
            t.end(readAtMost == Integer.MAX_VALUE ? "ok" : "closed");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void responsesAsyncStream(OpenAIClient client, String model, Path truthFile) throws Exception {
        var request = responseParams(model); // built before the clock starts, as a client times its call
        Truth t = new Truth(model, "arstream", variant(model));
        AsyncStreamResponse<ResponseStreamEvent> r = client.async().responses().createStreaming(request);
        r.subscribe(new AsyncStreamResponse.Handler<ResponseStreamEvent>() {
            @Override
            public void onNext(ResponseStreamEvent event) {
                if (event.outputTextDelta().isPresent()) {
                    t.chunk();
                }
                event.error().ifPresent(error -> t.end(error.getClass().getName()));
            }

            @Override
            public void onComplete(Optional<Throwable> error) {
                t.end(error.map(e -> e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e).map(e -> e.getClass().getName()).orElse("ok"));
            }
        });
        try {
            r.onCompleteFuture().join();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            t.end(cause.getClass().getName());
        }
        t.write(truthFile);
    }

    static String variant(String model) {
        return model.endsWith("-warm") ? "warmup" : model.endsWith("-429") ? "refused" : model.endsWith("-fail") || model.endsWith("-drop") ? "fail"
                : model.endsWith("-cancel") ? "cancel" : "ok";
    }
}
