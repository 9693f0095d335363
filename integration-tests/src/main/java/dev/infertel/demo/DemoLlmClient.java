package dev.infertel.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A small streaming LLM client of the kind the agent instruments: it POSTs a prompt and reads
 * server-sent events ({@code data: token}, ended by {@code data: [DONE]}). It knows nothing of telemetry.
 */
public final class DemoLlmClient {

    private final URI endpoint;

    public DemoLlmClient(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Streams the answer into {@code handler}; returns when the stream ended. */
    public void stream(String model, String prompt, TokenHandler handler) {
        int n = 0;
        try (BufferedReader in = open(model, prompt)) {
            for (String token; (token = nextToken(in)) != null; ) {
                handler.onToken(token);
                n++;
            }
        } catch (IOException | RuntimeException e) {
            handler.onError(e);
            return;
        }
        handler.onComplete(n);
    }

    /** The same answer as an iterator of tokens. */
    public Iterator<String> tokens(String model, String prompt) {
        BufferedReader in;
        try {
            in = open(model, prompt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Iterator<>() {
            private String next = read();

            private String read() {
                try {
                    String t = nextToken(in);
                    if (t == null) {
                        in.close();
                    }
                    return t;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                String t = next;
                next = read();
                return t;
            }
        };
    }

    private BufferedReader open(String model, String prompt) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(("{\"model\":\"" + model + "\",\"prompt\":\"" + prompt + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        if (c.getResponseCode() != 200) {
            throw new IOException("server answered " + c.getResponseCode());
        }
        return new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String nextToken(BufferedReader in) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("data: ")) {
                String data = line.substring(6);
                return data.equals("[DONE]") ? null : data;
            }
        }
        return null;
    }
}
