package dev.infertel.it.presets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A local server on 127.0.0.1 speaking the providers' real wire formats with scripted timing
 * ({@link ProviderScript}): OpenAI chat completions (JSON, and SSE with the usage chunk and
 * {@code data: [DONE]}), OpenAI responses (JSON, and SSE with {@code response.*} events), Anthropic messages
 * (JSON, and SSE with named events), Gemini generateContent (JSON, and {@code alt=sse} chunks with
 * usageMetadata) and Ollama chat/generate (JSON, and NDJSON lines ending with {@code done: true}).
 */
public final class ScriptedProviderServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool;

    private ScriptedProviderServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    public static ScriptedProviderServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "scripted-provider");
            t.setDaemon(true);
            return t;
        });
        ScriptedProviderServer s = new ScriptedProviderServer(server, pool);
        server.createContext("/v1/chat/completions", s::openAiChat);
        server.createContext("/v1/messages", s::anthropicMessages);
        server.createContext("/v1/responses", s::openAiResponses);
        server.createContext("/v1beta/models/", s::gemini);
        server.createContext("/v1/models/", s::gemini);
        server.createContext("/api/chat", ex -> s.ollama(ex, true));
        server.createContext("/api/generate", ex -> s.ollama(ex, false));
        server.setExecutor(pool);
        server.start();
        return s;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** Thrown out of a handler to cut the connection: the server then closes the socket mid-response. */
    private static final class Drop extends RuntimeException {
        Drop() {
            super("scripted connection drop", null, false, false);
        }
    }

    private void openAiChat(HttpExchange ex) throws IOException {
        try {
            openAiChatExchange(ex);
            ex.close();
        } catch (Drop d) {
            // not closing the exchange: the server aborts the connection without ending the chunked body
            throw d;
        }
    }

    private void openAiChatExchange(HttpExchange ex) {
        try {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            String model = req.path("model").asText();
            if (ProviderScript.refused(model)) {
                json(ex, 429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}");
                return;
            }
            if (!req.path("stream").asBoolean(false)) {
                sleepMs(ProviderScript.TTFT_MS);
                json(ex, 200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,"
                        + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"scripted answer\",\"refusal\":null},\"finish_reason\":\"stop\",\"logprobs\":null}],"
                        + "\"usage\":" + openAiUsage() + "}");
                return;
            }
            boolean usage = req.path("stream_options").path("include_usage").asBoolean(false);
            OutputStream out = sse(ex);
            for (int i = 0; i < ProviderScript.TOKENS; i++) {
                sleepMs(ProviderScript.delayBefore(i));
                if (ProviderScript.failsMidStream(model) && i == ProviderScript.FAIL_AFTER) {
                    event(out, null, "{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}");
                    return;
                }
                if (ProviderScript.dropsMidStream(model) && i == ProviderScript.FAIL_AFTER) {
                    throw new Drop();
                }
                boolean last = i == ProviderScript.TOKENS - 1;
                event(out, null, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"delta\":{"
                        + (i == 0 ? "\"role\":\"assistant\"," : "") + "\"content\":\"tok" + i + " \"},"
                        + "\"finish_reason\":" + (last ? "\"stop\"" : "null") + "}]}");
            }
            if (usage) {
                event(out, null, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"" + model + "\",\"choices\":[],\"usage\":" + openAiUsage() + "}");
            }
            event(out, null, "[DONE]");
        } catch (IOException e) {
            // the client went away (an early close): nothing more to send
        }
    }

    private static String openAiUsage() {
        return "{\"prompt_tokens\":" + ProviderScript.PROMPT_TOKENS + ",\"completion_tokens\":"
                + ProviderScript.COMPLETION_TOKENS + ",\"total_tokens\":"
                + (ProviderScript.PROMPT_TOKENS + ProviderScript.COMPLETION_TOKENS) + "}";
    }

    private void anthropicMessages(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            String model = req.path("model").asText();
            if (ProviderScript.refused(model)) {
                json(ex, 429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}");
                return;
            }
            if (!req.path("stream").asBoolean(false)) {
                sleepMs(ProviderScript.TTFT_MS);
                json(ex, 200, "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model
                        + "\",\"content\":[{\"type\":\"text\",\"text\":\"scripted answer\"}],\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + ProviderScript.PROMPT_TOKENS
                        + ",\"output_tokens\":" + ProviderScript.COMPLETION_TOKENS + "}}");
                return;
            }
            OutputStream out = sse(ex);
            // lifecycle events come before the first token, as from the real API
            sleepMs(ProviderScript.TTFT_MS / 2);
            event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],\"stop_reason\":null,"
                    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + ProviderScript.PROMPT_TOKENS
                    + ",\"output_tokens\":1}}}");
            event(out, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
            event(out, "ping", "{\"type\":\"ping\"}");
            for (int i = 0; i < ProviderScript.TOKENS; i++) {
                sleepMs(i == 0 ? ProviderScript.TTFT_MS - ProviderScript.TTFT_MS / 2 : ProviderScript.delayBefore(i));
                if (ProviderScript.failsMidStream(model) && i == ProviderScript.FAIL_AFTER) {
                    event(out, "error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"scripted failure\"}}");
                    return;
                }
                event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"tok" + i + " \"}}");
            }
            event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + ProviderScript.COMPLETION_TOKENS + "}}");
            event(out, "message_stop", "{\"type\":\"message_stop\"}");
        } catch (IOException e) {
            // the client went away
        }
    }

    private void openAiResponses(HttpExchange ex) throws IOException {
        try (ex) {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            String model = req.path("model").asText();
            if (ProviderScript.refused(model)) {
                json(ex, 429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}");
                return;
            }
            if (!req.path("stream").asBoolean(false)) {
                sleepMs(ProviderScript.TTFT_MS);
                json(ex, 200, openAiResponse(model, "completed", "scripted answer"));
                return;
            }
            OutputStream out = sse(ex);
            int seq = 0;
            sleepMs(ProviderScript.TTFT_MS / 2);
            event(out, "response.created", "{\"type\":\"response.created\",\"sequence_number\":" + seq++
                    + ",\"response\":" + openAiResponse(model, "in_progress", null) + "}");
            event(out, "response.in_progress", "{\"type\":\"response.in_progress\",\"sequence_number\":" + seq++
                    + ",\"response\":" + openAiResponse(model, "in_progress", null) + "}");
            event(out, "response.output_item.added", "{\"type\":\"response.output_item.added\",\"sequence_number\":"
                    + seq++ + ",\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\",\"status\":"
                    + "\"in_progress\",\"role\":\"assistant\",\"content\":[]}}");
            event(out, "response.content_part.added", "{\"type\":\"response.content_part.added\",\"sequence_number\":"
                    + seq++ + ",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":"
                    + "\"output_text\",\"text\":\"\",\"annotations\":[]}}");
            for (int i = 0; i < ProviderScript.TOKENS; i++) {
                sleepMs(i == 0 ? ProviderScript.TTFT_MS - ProviderScript.TTFT_MS / 2 : ProviderScript.delayBefore(i));
                if (ProviderScript.failsMidStream(model) && i == ProviderScript.FAIL_AFTER) {
                    event(out, "error", "{\"type\":\"error\",\"code\":\"server_error\",\"message\":\"scripted failure\","
                            + "\"param\":null,\"sequence_number\":" + seq + "}");
                    return;
                }
                event(out, "response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
                        + seq++ + ",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"tok" + i
                        + " \",\"logprobs\":[]}");
            }
            event(out, "response.output_text.done", "{\"type\":\"response.output_text.done\",\"sequence_number\":"
                    + seq++ + ",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"text\":"
                    + "\"scripted answer\",\"logprobs\":[]}");
            event(out, "response.completed", "{\"type\":\"response.completed\",\"sequence_number\":" + seq
                    + ",\"response\":" + openAiResponse(model, "completed", "scripted answer") + "}");
        } catch (IOException e) {
            // the client went away
        }
    }

    /** A Responses API response object; {@code text} null = no output yet (and no usage). */
    private static String openAiResponse(String model, String status, String text) {
        String output = text == null ? "[]" : "[{\"type\":\"message\",\"id\":\"msg_1\",\"status\":\"completed\","
                + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"" + text
                + "\",\"annotations\":[]}]}]";
        String usage = text == null ? "null" : "{\"input_tokens\":" + ProviderScript.PROMPT_TOKENS
                + ",\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":" + ProviderScript.COMPLETION_TOKENS
                + ",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":"
                + (ProviderScript.PROMPT_TOKENS + ProviderScript.COMPLETION_TOKENS) + "}";
        return "{\"id\":\"resp_1\",\"object\":\"response\",\"created_at\":1700000000,\"status\":\"" + status + "\","
                + "\"error\":null,\"incomplete_details\":null,\"instructions\":null,\"max_output_tokens\":null,"
                + "\"model\":\"" + model + "\",\"output\":" + output + ",\"parallel_tool_calls\":true,"
                + "\"previous_response_id\":null,\"reasoning\":{\"effort\":null,\"summary\":null},\"store\":true,"
                + "\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"}},\"tool_choice\":\"auto\",\"tools\":[],"
                + "\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":" + usage + ",\"user\":null,\"metadata\":{}}";
    }

    /** Gemini: POST /{v1,v1beta}/models/{model}:generateContent, and :streamGenerateContent?alt=sse. */
    private void gemini(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            String call = path.substring(path.lastIndexOf(':') + 1);
            String model = path.substring(path.indexOf("/models/") + "/models/".length(), path.lastIndexOf(':'));
            if (ProviderScript.refused(model)) {
                json(ex, 429, "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
                        + "\"status\":\"RESOURCE_EXHAUSTED\"}}");
                return;
            }
            if (call.equals("generateContent")) {
                sleepMs(ProviderScript.TTFT_MS);
                json(ex, 200, geminiChunk(model, "scripted answer", true));
                return;
            }
            OutputStream out = sse(ex);
            for (int i = 0; i < ProviderScript.TOKENS; i++) {
                sleepMs(ProviderScript.delayBefore(i));
                if (ProviderScript.failsMidStream(model) && i == ProviderScript.FAIL_AFTER) {
                    geminiEvent(out, "{\"error\":{\"code\":500,\"message\":\"scripted failure\",\"status\":\"INTERNAL\"}}");
                    return;
                }
                geminiEvent(out, geminiChunk(model, "tok" + i + " ", i == ProviderScript.TOKENS - 1));
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Every chunk carries the prompt's count; the last one the candidates' count and the finish reason. */
    private static String geminiChunk(String model, String text, boolean last) {
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},"
                + (last ? "\"finishReason\":\"STOP\"," : "") + "\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":"
                + ProviderScript.PROMPT_TOKENS + (last ? ",\"candidatesTokenCount\":" + ProviderScript.COMPLETION_TOKENS
                + ",\"totalTokenCount\":" + (ProviderScript.PROMPT_TOKENS + ProviderScript.COMPLETION_TOKENS)
                : ",\"totalTokenCount\":" + ProviderScript.PROMPT_TOKENS) + "},\"modelVersion\":\"" + model
                + "\",\"responseId\":\"resp-1\"}";
    }

    private static void geminiEvent(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Ollama: POST /api/chat or /api/generate; NDJSON lines when streaming, the last with done and the counts. */
    private void ollama(HttpExchange ex, boolean chat) throws IOException {
        try (ex) {
            JsonNode req = JSON.readTree(ex.getRequestBody());
            String model = req.path("model").asText();
            if (ProviderScript.refused(model)) {
                json(ex, 429, "{\"error\":\"server busy, please try again. maximum pending requests exceeded\"}");
                return;
            }
            if (!req.path("stream").asBoolean(true)) {
                sleepMs(ProviderScript.TTFT_MS);
                json(ex, 200, ollamaLine(model, chat, "scripted answer", true));
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < ProviderScript.TOKENS; i++) {
                sleepMs(ProviderScript.delayBefore(i));
                if (ProviderScript.failsMidStream(model) && i == ProviderScript.FAIL_AFTER) {
                    line(out, "{\"error\":\"an error was encountered while running the model: scripted failure\"}");
                    return;
                }
                line(out, ollamaLine(model, chat, "tok" + i + " ", false));
            }
            line(out, ollamaLine(model, chat, "", true));
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String ollamaLine(String model, boolean chat, String text, boolean done) {
        String body = chat ? "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"}"
                : "\"response\":\"" + text + "\"";
        String end = !done ? "" : ",\"done_reason\":\"stop\"," + (chat ? "" : "\"context\":[1,2,3],")
                + "\"total_duration\":200000000,\"load_duration\":1000000,\"prompt_eval_count\":"
                + ProviderScript.PROMPT_TOKENS + ",\"prompt_eval_duration\":5000000,\"eval_count\":"
                + ProviderScript.COMPLETION_TOKENS + ",\"eval_duration\":100000000";
        return "{\"model\":\"" + model + "\",\"created_at\":\"2026-11-23T10:00:00.000000Z\"," + body + ",\"done\":"
                + done + end + "}";
    }

    private static void line(OutputStream out, String json) throws IOException {
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static OutputStream sse(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        return ex.getResponseBody();
    }

    private static void event(OutputStream out, String name, String data) throws IOException {
        String text = (name == null ? "" : "event: " + name + "\n") + "data: " + data + "\n\n";
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleepMs(long ms) {
        long until = System.nanoTime() + ms * 1_000_000L;
        for (long left; (left = until - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
        }
    }
}
