package dev.infertel.agent.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The OpenTelemetry resource of the process, as the OpenTelemetry SDKs read it from the environment:
 * {@code OTEL_RESOURCE_ATTRIBUTES} ({@code key1=value1,key2=value2}, values percent-encoded) and
 * {@code OTEL_SERVICE_NAME}, which wins over a {@code service.name} there. As the specification asks,
 * a value that cannot be read is discarded whole, with one problem to report.
 *
 * @param attributes in the variable's order ({@code service.name} where it was, or last); empty when none
 * @param problem why {@code OTEL_RESOURCE_ATTRIBUTES} was discarded; null when it was not
 */
public record ResourceAttributes(Map<String, String> attributes, String problem) {

    public static final String ATTRIBUTES_ENV = "OTEL_RESOURCE_ATTRIBUTES";
    public static final String SERVICE_NAME_ENV = "OTEL_SERVICE_NAME";
    public static final String SERVICE_NAME = "service.name";
    /** Bounds: every record carries the resource. */
    public static final int MAX_ENTRIES = 64;
    public static final int MAX_VALUE = 1024;

    public ResourceAttributes {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public static ResourceAttributes fromEnvironment(UnaryOperator<String> env) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String problem = null;
        String list = env.apply(ATTRIBUTES_ENV);
        if (list != null && !list.isBlank()) {
            try {
                attributes.putAll(parse(list));
            } catch (IllegalArgumentException e) {
                problem = ATTRIBUTES_ENV + " is discarded: " + e.getMessage();
            }
        }
        String service = env.apply(SERVICE_NAME_ENV);
        if (service != null && !service.isBlank()) {
            attributes.put(SERVICE_NAME, service.strip());
        }
        return new ResourceAttributes(attributes, problem);
    }

    /** @throws IllegalArgumentException naming the first entry that is not {@code key=value} */
    static Map<String, String> parse(String list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : list.split(",", -1)) {
            if (entry.isBlank()) {
                continue; // a trailing or doubled comma
            }
            int eq = entry.indexOf('=');
            String key = eq < 0 ? "" : entry.substring(0, eq).strip();
            if (eq < 0 || key.isEmpty()) {
                throw new IllegalArgumentException("'" + entry.strip() + "' is not key=value");
            }
            String value = decode(entry.substring(eq + 1).strip(), key);
            if (value.length() > MAX_VALUE) {
                throw new IllegalArgumentException(key + ": a value of more than " + MAX_VALUE + " characters");
            }
            out.put(key, value);
            if (out.size() > MAX_ENTRIES) {
                throw new IllegalArgumentException("more than " + MAX_ENTRIES + " attributes");
            }
        }
        return out;
    }

    /** Percent-decoding, UTF-8 ({@code +} stays a plus: the format is the W3C baggage's, not a form's). */
    private static String decode(String s, String key) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            // a run of %XX is one UTF-8 sequence or more
            run.reset();
            while (i < s.length() && s.charAt(i) == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new IllegalArgumentException(key + ": '%' not followed by two hex digits");
                }
                run.write(hi << 4 | lo);
                i += 3;
            }
            i--;
            try {
                out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(run.toByteArray())));
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(key + ": the decoded value is not UTF-8");
            }
        }
        return out.toString();
    }
}
