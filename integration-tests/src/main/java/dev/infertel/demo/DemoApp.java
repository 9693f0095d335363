package dev.infertel.demo;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo application: four concurrent streamed requests and one iterated request against the
 * embedded server. No telemetry code here; run it with and without the agent.
 */
public final class DemoApp {

    public static void main(String[] args) throws Exception {
        try (DemoServer server = new DemoServer(120, 25, 12)) {
            DemoLlmClient client = new DemoLlmClient(server.endpoint());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String model = i % 2 == 0 ? "demo-7b" : "demo-70b";
                answers.add(pool.submit(() -> {
                    AtomicInteger received = new AtomicInteger();
                    client.stream(model, "Tell me about telemetry", new TokenHandler() {
                        public void onToken(String token) {
                            received.incrementAndGet();
                        }

                        public void onComplete(int tokens) {
                        }

                        public void onError(Throwable error) {
                            System.out.println("error: " + error);
                        }
                    });
                    return received.get();
                }));
            }
            for (int i = 0; i < answers.size(); i++) {
                System.out.println("streamed request " + i + ": " + answers.get(i).get() + " tokens");
            }
            pool.shutdown();
            int n = 0;
            for (Iterator<String> it = client.tokens("demo-7b", "And as an iterator?"); it.hasNext(); it.next()) {
                n++;
            }
            System.out.println("iterated request: " + n + " tokens");
        }
    }
}
