package dev.infertel.agent.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads what an OTLP/HTTP server answers, in the encoding its {@code Content-Type} names: the
 * {@code partial_success} of an {@code Export*ServiceResponse} (after a 2xx) and the message of a
 * {@code google.rpc.Status} (after a failure). A body that cannot be read is no answer, never an error.
 */
public final class OtlpResponses {

    /** Longest server message kept for the log. */
    static final int MAX_MESSAGE = 512;

    private static final JsonFactory JSON = new JsonFactory();

    private OtlpResponses() {
    }

    /**
     * @param rejected items the server refused ({@code rejected_log_records}, {@code rejected_data_points}, ...)
     * @param errorMessage the server's reason, "" when none
     */
    public record PartialSuccess(long rejected, String errorMessage) {

        public static final PartialSuccess NONE = new PartialSuccess(0, "");

        public boolean isNone() {
            return rejected == 0 && errorMessage.isEmpty();
        }
    }

    /** The {@code partial_success} of an export response; {@link PartialSuccess#NONE} when absent or unreadable. */
    public static PartialSuccess partialSuccess(byte[] body, int length, String contentType) {
        if (length == 0) {
            return PartialSuccess.NONE;
        }
        try {
            if (isProtobuf(contentType)) {
                ProtoReader response = new ProtoReader(body, 0, length);
                while (response.next()) {
                    if (response.field() == 1 && response.wireType() == ProtoWriter.LEN) {
                        return partialSuccess(response.message());
                    }
                    response.skip();
                }
            } else if (isJson(contentType)) {
                return partialSuccessJson(body, length);
            }
        } catch (IllegalArgumentException | IOException e) {
            return PartialSuccess.NONE;
        }
        return PartialSuccess.NONE;
    }

    /** The message of a {@code google.rpc.Status} body (or of a plain-text one); "" when there is none. */
    public static String statusMessage(byte[] body, int length, String contentType) {
        if (length == 0) {
            return "";
        }
        try {
            if (isProtobuf(contentType)) {
                ProtoReader status = new ProtoReader(body, 0, length);
                while (status.next()) {
                    if (status.field() == 2 && status.wireType() == ProtoWriter.LEN) {
                        return clean(status.string());
                    }
                    status.skip();
                }
                return "";
            }
            if (isJson(contentType)) {
                try (JsonParser p = JSON.createParser(body, 0, length)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        return "";
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        if (name.equals("message") && p.currentToken() == JsonToken.VALUE_STRING) {
                            return clean(p.getText());
                        }
                        p.skipChildren();
                    }
                }
                return "";
            }
            if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/")) {
                return clean(new String(body, 0, length, StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException | IOException e) {
            return "";
        }
        return "";
    }

    private static PartialSuccess partialSuccess(ProtoReader m) {
        long rejected = 0;
        String message = "";
        while (m.next()) {
            if (m.field() == 1 && m.wireType() == ProtoWriter.VARINT) {
                rejected = m.varint();
            } else if (m.field() == 2 && m.wireType() == ProtoWriter.LEN) {
                message = clean(m.string());
            } else {
                m.skip();
            }
        }
        return new PartialSuccess(Math.max(0, rejected), message);
    }

    private static PartialSuccess partialSuccessJson(byte[] body, int length) throws IOException {
        try (JsonParser p = JSON.createParser(body, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return PartialSuccess.NONE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if ((name.equals("partialSuccess") || name.equals("partial_success"))
                        && p.currentToken() == JsonToken.START_OBJECT) {
                    return partialSuccessFields(p);
                }
                p.skipChildren();
            }
        }
        return PartialSuccess.NONE;
    }

    /** {@code rejectedLogRecords}, {@code rejectedDataPoints}, ... : the one count field of each signal. */
    private static PartialSuccess partialSuccessFields(JsonParser p) throws IOException {
        long rejected = 0;
        String message = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.startsWith("rejected")) {
                // int64 in the JSON mapping: a string, though a number is accepted too
                if (value == JsonToken.VALUE_NUMBER_INT) {
                    rejected = p.getLongValue();
                } else if (value == JsonToken.VALUE_STRING) {
                    try {
                        rejected = Long.parseLong(p.getText().trim());
                    } catch (NumberFormatException e) {
                        rejected = 0;
                    }
                }
            } else if ((name.equals("errorMessage") || name.equals("error_message")) && value == JsonToken.VALUE_STRING) {
                message = clean(p.getText());
            }
            p.skipChildren();
        }
        return new PartialSuccess(Math.max(0, rejected), message);
    }

    static boolean isProtobuf(String contentType) {
        if (contentType == null) {
            return false;
        }
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("application/x-protobuf") || t.startsWith("application/protobuf");
    }

    static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    /** One line, printable, bounded: a server's text goes into the agent's log as it is otherwise. */
    private static String clean(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_MESSAGE));
        for (int i = 0; i < s.length() && b.length() < MAX_MESSAGE; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (s.length() > MAX_MESSAGE) {
            b.append("...");
        }
        return b.toString().trim();
    }
}
