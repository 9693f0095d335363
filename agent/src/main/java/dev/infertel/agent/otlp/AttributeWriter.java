package dev.infertel.agent.otlp;

import java.util.List;

/**
 * Where an encoding puts one OTLP attribute ({@code KeyValue}), for each {@code AnyValue} kind the
 * agent sends; {@code E} is what the encoding may throw (a JSON generator's {@code IOException}).
 */
public interface AttributeWriter<E extends Exception> {

    void string(String key, String value) throws E;

    void integer(String key, long value) throws E;

    void dbl(String key, double value) throws E;

    void bool(String key, boolean value) throws E;

    void strings(String key, List<String> values) throws E;
}
