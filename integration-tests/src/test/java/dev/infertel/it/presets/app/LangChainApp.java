package dev.infertel.it.presets.app;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An ordinary LangChain4j application (no telemetry code): ChatModel and StreamingChatModel over OpenAI. */
public final class LangChainApp {

    public static void main(String[] args) throws Exception {
        String base = args[0] + "/v1";
        Path truthFile = Path.of(args[1]);
        // a first request per shape warms the JVM (class loading, JIT) as a running service is warm; it is
        // recorded like any other, but its timing is not held to the 1 ms comparison
        for (String round : new String[] {"warm", "0", "1"}) {
            sync(base, "lc-sync-" + round, truthFile);
            stream(base, "lc-stream-" + round, truthFile);
        }
        sync(base, "lc-sync-429", truthFile);
        stream(base, "lc-stream-429", truthFile);
        stream(base, "lc-stream-drop", truthFile);
        System.out.println("langchain4j app done");
    }

    static void sync(String base, String model, Path truthFile) throws Exception {
        OpenAiChatModel chat = OpenAiChatModel.builder().baseUrl(base).apiKey("sk-local-test").modelName(model)
                .maxRetries(0).build();
        Truth t = new Truth(model, "sync", OpenAiApp.variant(model));
        try {
            String answer = chat.chat("Say something. PROMPT-MARKER-langchain4j");
            t.end(answer.isEmpty() ? "empty" : "ok");
        } catch (RuntimeException e) {
            t.end(e.getClass().getName());
        }
        t.write(truthFile);
    }

    static void stream(String base, String model, Path truthFile) throws Exception {
        OpenAiStreamingChatModel chat = OpenAiStreamingChatModel.builder().baseUrl(base).apiKey("sk-local-test")
                .modelName(model).build();
        // the handler is made before the clock starts, as a service keeps one: loading its class is the app's cost
        Truth[] clock = new Truth[1];
        CountDownLatch done = new CountDownLatch(1);
        StreamingChatResponseHandler handler = new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                clock[0].chunk();
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                clock[0].end("ok");
                done.countDown();
            }

            @Override
            public void onError(Throwable error) {
                clock[0].end(error.getClass().getName());
                done.countDown();
            }
        };
        Truth t = new Truth(model, "stream", OpenAiApp.variant(model));
        clock[0] = t;
        chat.chat("Say something. PROMPT-MARKER-langchain4j", handler);
        if (!done.await(30, TimeUnit.SECONDS)) {
            t.end("timeout");
        }
        t.write(truthFile);
    }
}
