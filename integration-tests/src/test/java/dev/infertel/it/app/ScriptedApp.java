package dev.infertel.it.app;

import com.acme.llm.Backend;
import com.acme.llm.Client;
import com.acme.llm.LocalBackend;
import com.acme.llm.Listener;
import com.acme.llm.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An application with no telemetry code: calls {@link Client} in every style from several threads
 * and measures its own truth (System.nanoTime at call, at each chunk's receipt, at the end), which
 * it writes to a file. Its stdout is deterministic: each call's outcome, then a summary; the exit
 * code is 0 only when every outcome is the scripted one.
 *
 * <p>Arguments, all {@code key=value}: truth (file), threads, requests (per thread, kind and
 * variant), kinds (comma list of callback, async, iterator, stream, future, plain, nested, backend),
 * variants (ok,
 * fail, cancel), marker (put into every prompt).
 */
public final class ScriptedApp {

    static final List<String> STREAMED = List.of("callback", "async", "iterator", "stream");
    static final List<String> CANCELLABLE = List.of("iterator", "stream", "future");

    private final Client client = new Client();
    private final Backend backend = new LocalBackend();
    private final String prompt;
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private final Map<String, String> truth = new ConcurrentHashMap<>();

    private ScriptedApp(String marker) {
        this.prompt = "Summarize the document " + marker + " in one line";
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new TreeMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int threads = Integer.parseInt(opts.getOrDefault("threads", "8"));
        int requests = Integer.parseInt(opts.getOrDefault("requests", "1"));
        List<String> kinds = List.of(opts.getOrDefault("kinds", "callback,async,iterator,stream,future,plain,nested,backend").split(","));
        List<String> variants = List.of(opts.getOrDefault("variants", "ok,fail,cancel").split(","));
        ScriptedApp app = new ScriptedApp(opts.getOrDefault("marker", "none"));
        // start_after_ms: serve a moment after start, as a service does, rather than while the JVM (and the
        // agent's background start: the queue, NVML) is still loading classes on both cores
        Thread.sleep(Long.parseLong(opts.getOrDefault("start_after_ms", "0")));

        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread w = new Thread(() -> {
                for (int n = 0; n < requests; n++) {
                    for (String kind : kinds) {
                        for (String variant : variants) {
                            if (!variant.equals("cancel") || CANCELLABLE.contains(kind)) {
                                app.call(kind, variant, kind + "-" + variant + "-t" + thread + "-" + n);
                            }
                        }
                    }
                }
            }, "app-worker-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join(TimeUnit.MINUTES.toMillis(2));
        }

        if (opts.containsKey("truth")) {
            Files.write(Path.of(opts.get("truth")), new TreeMap<>(app.truth).values());
        }
        int expected = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(app.outcomes).entrySet()) {
            String model = e.getKey();
            String kind = model.substring(0, model.indexOf('-'));
            String variant = model.split("-")[1];
            boolean asExpected = e.getValue().equals(expectedOutcome(kind, variant, model));
            expected += asExpected ? 1 : 0;
            System.out.println(model + " => " + e.getValue() + (asExpected ? "" : "   <-- UNEXPECTED"));
        }
        System.out.println("calls: " + app.outcomes.size() + ", as scripted: " + expected);
        System.exit(expected == app.outcomes.size() && !app.outcomes.isEmpty() ? 0 : 3);
    }

    static String expectedOutcome(String kind, String variant, String model) {
        boolean streamed = STREAMED.contains(kind);
        String failure = "error com.acme.llm.AcmeException: " + Script.of(model).failure().getMessage();
        return switch (variant) {
            case "ok" -> streamed ? "ok " + tokens(Script.CHUNKS) : "ok answer:" + model;
            case "fail" -> streamed ? failure + " after " + tokens(Script.FAIL_AT) : failure;
            default -> streamed ? "cancelled after " + tokens(Script.FAIL_AT) : "cancelled";
        };
    }

    private static String tokens(int n) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            sb.append(Script.token(k));
        }
        return sb.toString();
    }

    /** One call; records its outcome and its truth line {@code model|kind|variant|t0|tEnd|c1,c2,...}. */
    private void call(String kind, String variant, String model) {
        Timing timing = new Timing();
        String outcome;
        try {
            outcome = switch (kind) {
                case "callback", "async" -> callback(kind.equals("async"), variant, model, timing);
                case "iterator" -> iterator(variant, model, timing);
                case "stream" -> stream(variant, model, timing);
                case "future" -> future(variant, model, timing);
                case "plain", "nested", "backend" -> plain(kind, model, timing);
                default -> throw new IllegalArgumentException(kind);
            };
        } catch (RuntimeException | InterruptedException e) {
            outcome = "app failure " + e;
        }
        outcomes.put(model, outcome);
        truth.put(model, model + "|" + kind + "|" + variant + "|" + timing.start + "|" + timing.end + "|"
                + timing.chunks.stream().map(String::valueOf).collect(Collectors.joining(",")));
    }

    private String callback(boolean async, String variant, String model, Timing timing) throws InterruptedException {
        StringBuilder got = new StringBuilder();
        String[] end = new String[1];
        CountDownLatch done = new CountDownLatch(1);
        Listener listener = new Listener() {
            @Override
            public void onToken(String token) {
                timing.chunk();
                got.append(token);
            }

            @Override
            public void onDone() {
                timing.end();
                end[0] = "ok ";
                done.countDown();
            }

            @Override
            public void onError(Throwable error) {
                timing.end();
                end[0] = describe(error) + " after ";
                done.countDown();
            }
        };
        timing.begin();
        if (async) {
            client.streamAsync(model, prompt, listener);
        } else {
            client.stream(model, prompt, listener);
        }
        if (!done.await(30, TimeUnit.SECONDS)) {
            return "timed out";
        }
        return end[0] + got;
    }

    private String iterator(String variant, String model, Timing timing) {
        StringBuilder got = new StringBuilder();
        timing.begin();
        Iterator<String> it = client.iterate(model, prompt);
        try {
            while (it.hasNext()) {
                if (variant.equals("cancel") && timing.chunks.size() == Script.FAIL_AT) {
                    if (!(it instanceof AutoCloseable closeable)) {
                        return "iterator is no longer AutoCloseable: " + it.getClass();
                    }
                    timing.end();
                    closeable.close();
                    return "cancelled after " + got;
                }
                String token = it.next();
                timing.chunk();
                got.append(token);
            }
            timing.end();
            return "ok " + got;
        } catch (RuntimeException e) {
            timing.end();
            return describe(e) + " after " + got;
        } catch (Exception e) {
            return "close threw " + e;
        }
    }

    private String stream(String variant, String model, Timing timing) {
        StringBuilder got = new StringBuilder();
        timing.begin();
        try (Stream<String> tokens = client.streamOf(model, prompt)) {
            if (variant.equals("cancel")) {
                Iterator<String> it = tokens.iterator();
                while (timing.chunks.size() < Script.FAIL_AT) {
                    String token = it.next();
                    timing.chunk();
                    got.append(token);
                }
                timing.end();
                return "cancelled after " + got;
            }
            tokens.forEach(token -> {
                timing.chunk();
                got.append(token);
            });
            timing.end();
            return "ok " + got;
        } catch (RuntimeException e) {
            timing.end();
            return describe(e) + " after " + got;
        }
    }

    private String future(String variant, String model, Timing timing) {
        timing.begin();
        CompletableFuture<String> answer = client.future(model, prompt);
        answer.whenComplete((v, e) -> timing.end());
        if (variant.equals("cancel")) {
            sleep(3);
            answer.cancel(true);
        }
        try {
            return "ok " + answer.join();
        } catch (CancellationException e) {
            return answer.isCancelled() ? "cancelled" : "cancellation without cancel: " + e;
        } catch (CompletionException e) {
            return describe(e.getCause());
        }
    }

    private String plain(String kind, String model, Timing timing) {
        timing.begin();
        try {
            String answer = switch (kind) {
                case "nested" -> client.chat(model, prompt);
                case "backend" -> backend.generate(model, prompt);
                default -> client.complete(model, prompt);
            };
            timing.end();
            return "ok " + answer;
        } catch (RuntimeException e) {
            timing.end();
            return describe(e);
        }
    }

    private static String describe(Throwable e) {
        return "error " + e.getClass().getName() + ": " + e.getMessage();
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The app's own clock readings for one call. */
    private static final class Timing {
        final List<Long> chunks = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile long start;
        volatile long end;

        void begin() {
            start = System.nanoTime();
        }

        void chunk() {
            chunks.add(System.nanoTime());
        }

        void end() {
            end = System.nanoTime();
        }
    }
}
