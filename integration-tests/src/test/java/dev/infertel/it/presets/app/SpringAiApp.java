package dev.infertel.it.presets.app;

import java.nio.file.Path;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import reactor.core.publisher.Flux;

/**
 * An ordinary Spring AI application (no telemetry code) on Spring AI's OpenAI module: ChatModel.call with
 * the model from the chat model's default options, StreamingChatModel.stream (a Flux) with the model in the
 * prompt's options; a refused request, a stream that fails midway and a stream read only in part.
 */
public final class SpringAiApp {

    public static void main(String[] args) throws Exception {
        String base = args[0] + "/v1";
        Path truthFile = Path.of(args[1]);
        // one chat model for the streams, its default model never used: each prompt names its own
        ChatModel streaming = chatModel(base, "spring-default-model");
        // a first request per shape warms the JVM (class loading, JIT) as a running service is warm; it is
        // recorded like any other, but its timing is not held to the 1 ms comparison
        for (String round : new String[] {"warm", "0", "1"}) {
            call(chatModel(base, "spring-sync-" + round), "spring-sync-" + round, truthFile);
            stream(streaming, "spring-stream-" + round, truthFile, Long.MAX_VALUE);
        }
        call(chatModel(base, "spring-sync-429"), "spring-sync-429", truthFile);
        stream(streaming, "spring-stream-429", truthFile, Long.MAX_VALUE);
        stream(streaming, "spring-stream-fail", truthFile, Long.MAX_VALUE);
        stream(streaming, "spring-stream-cancel", truthFile, 2);
        System.out.println("spring-ai app done");
        // Spring AI's OpenAI clients cannot be closed; their OkHttp threads would keep the JVM up for a minute
        System.exit(0);
    }

    static ChatModel chatModel(String base, String model) {
        return OpenAiChatModel.builder().options(OpenAiChatOptions.builder().baseUrl(base).apiKey("sk-local-test")
                .model(model).streamUsage(true).maxRetries(0).build()).build();
    }

    static void call(ChatModel chat, String model, Path truthFile) throws Exception {
        Truth t = new Truth(model, "sync", OpenAiApp.variant(model));
        try {
            ChatResponse r = chat.call(new Prompt("Say something. PROMPT-MARKER-spring"));
            t.end(r.getResult().getOutput().getText().isEmpty() ? "empty" : "ok");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void stream(ChatModel chat, String model, Path truthFile, long take) throws Exception {
        Prompt prompt = new Prompt("Say something. PROMPT-MARKER-spring", OpenAiChatOptions.builder().model(model).build());
        Truth[] clock = new Truth[1];
        Flux<ChatResponse> tokens = chat.stream(prompt).filter(SpringAiApp::hasText);
        Flux<ChatResponse> read = (take == Long.MAX_VALUE ? tokens : tokens.take(take)).doOnNext(r -> clock[0].chunk());
        Truth t = new Truth(model, "stream", OpenAiApp.variant(model));
        clock[0] = t;
        try {
            read.blockLast();
            t.end(take == Long.MAX_VALUE ? "ok" : "closed");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static boolean hasText(ChatResponse r) {
        return r.getResult() != null && r.getResult().getOutput().getText() != null
                && !r.getResult().getOutput().getText().isEmpty();
    }
}
