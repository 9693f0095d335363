package dev.infertel.agent.otlp;

import java.util.List;

/** Attributes as repeated {@code KeyValue} messages in field {@code field} of the message being written. */
public final class ProtoAttributes implements AttributeWriter<RuntimeException> {

    // KeyValue
    private static final int KEY = 1;
    private static final int VALUE = 2;
    // AnyValue
    public static final int STRING_VALUE = 1;
    private static final int BOOL_VALUE = 2;
    private static final int INT_VALUE = 3;
    private static final int DOUBLE_VALUE = 4;
    private static final int ARRAY_VALUE = 5;
    // ArrayValue
    private static final int VALUES = 1;

    private final ProtoWriter w;
    private final int field;
    private int keyValue;
    private int anyValue;

    public ProtoAttributes(ProtoWriter w, int field) {
        this.w = w;
        this.field = field;
    }

    @Override
    public void string(String key, String value) {
        start(key);
        w.stringField(STRING_VALUE, value);
        end();
    }

    @Override
    public void integer(String key, long value) {
        start(key);
        w.varintField(INT_VALUE, value);
        end();
    }

    @Override
    public void dbl(String key, double value) {
        start(key);
        w.doubleField(DOUBLE_VALUE, value);
        end();
    }

    @Override
    public void bool(String key, boolean value) {
        start(key);
        w.boolField(BOOL_VALUE, value);
        end();
    }

    @Override
    public void strings(String key, List<String> values) {
        start(key);
        int array = w.begin(ARRAY_VALUE);
        for (String v : values) {
            int any = w.begin(VALUES);
            w.stringField(STRING_VALUE, v);
            w.end(any);
        }
        w.end(array);
        end();
    }

    /** Opens the KeyValue and its AnyValue (attributes do not nest, so one pair of marks will do). */
    private void start(String key) {
        keyValue = w.begin(field);
        w.stringField(KEY, key);
        anyValue = w.begin(VALUE);
    }

    private void end() {
        w.end(anyValue);
        w.end(keyValue);
    }
}
