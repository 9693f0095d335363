package dev.infertel.it.presets.app;

import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.models.chat.OllamaChatResult;
import io.github.ollama4j.models.chat.OllamaChatTokenHandler;
import io.github.ollama4j.models.generate.OllamaGenerateRequest;
import io.github.ollama4j.models.generate.OllamaGenerateStreamObserver;
import io.github.ollama4j.models.request.ThinkMode;
import io.github.ollama4j.models.response.OllamaResult;
import java.nio.file.Path;

/**
 * An ordinary ollama4j application (no telemetry code): chat without and with a token handler, and
 * generate with a stream observer, against the Ollama server at the base URL it is given; a refused
 * request and a stream that fails midway.
 */
public final class OllamaApp {

    public static void main(String[] args) throws Exception {
        Path truthFile = Path.of(args[1]);
        Ollama ollama = new Ollama(args[0]);
        ollama.setRequestTimeoutSeconds(30);
        // a first request per shape warms the JVM (class loading, JIT) as a running service is warm; it is
        // recorded like any other, but its timing is not held to the 1 ms comparison
        for (String round : new String[] {"warm", "0", "1"}) {
            chat(ollama, "llama-sync-" + round, truthFile);
            chatStream(ollama, "llama-stream-" + round, truthFile);
            generateStream(ollama, "llama-gen-" + round, truthFile);
        }
        chat(ollama, "llama-sync-429", truthFile);
        chatStream(ollama, "llama-stream-429", truthFile);
        chatStream(ollama, "llama-stream-fail", truthFile);
        System.out.println("ollama4j app done");
    }

    static final String PROMPT = "Say something. PROMPT-MARKER-ollama";

    static OllamaChatRequest request(String model) {
        return OllamaChatRequest.builder().withModel(model).withMessage(OllamaChatMessageRole.USER, PROMPT).build();
    }

    static void chat(Ollama ollama, String model, Path truthFile) throws Exception {
        OllamaChatRequest request = request(model);
        Truth t = new Truth(model, "sync", OpenAiApp.variant(model));
        try {
            OllamaChatResult r = ollama.chat(request, null);
            t.end(r.getResponseModel().getMessage().getResponse().isEmpty() ? "empty" : "ok");
        } catch (Exception e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void chatStream(Ollama ollama, String model, Path truthFile) throws Exception {
        OllamaChatRequest request = request(model);
        Truth[] clock = new Truth[1];
        OllamaChatTokenHandler handler = part -> {
            if (part.getMessage() != null && part.getMessage().getResponse() != null
                    && !part.getMessage().getResponse().isEmpty()) {
                clock[0].chunk();
            }
        };
        Truth t = new Truth(model, "stream", OpenAiApp.variant(model));
        clock[0] = t;
        try {
            ollama.chat(request, handler);
            t.end("ok");
        } catch (Exception e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void generateStream(Ollama ollama, String model, Path truthFile) throws Exception {
        OllamaGenerateRequest request = OllamaGenerateRequest.builder().withModel(model).withPrompt(PROMPT)
                .withThink(ThinkMode.DISABLED).withStreaming(true).build();
        Truth[] clock = new Truth[1];
        OllamaGenerateStreamObserver observer = new OllamaGenerateStreamObserver(null, token -> {
            if (!token.isEmpty()) {
                clock[0].chunk();
            }
        });
        Truth t = new Truth(model, "generate", OpenAiApp.variant(model));
        clock[0] = t;
        try {
            OllamaResult r = ollama.generate(request, observer);
            t.end(r.getResponse().isEmpty() ? "empty" : "ok");
        } catch (Exception e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }
}
