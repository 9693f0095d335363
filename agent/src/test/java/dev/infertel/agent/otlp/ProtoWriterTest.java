package dev.infertel.agent.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each field kind byte for byte as protobuf-java's own CodedOutputStream writes it. */
class ProtoWriterTest {

    private interface Official {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] official(Official o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        o.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static final long[] VARINTS = {0, 1, 127, 128, 300, 16_383, 16_384, Integer.MAX_VALUE, 1L << 35,
        Long.MAX_VALUE, -1, Long.MIN_VALUE};

    @Test
    void varintsAsInt64() throws IOException {
        for (long v : VARINTS) {
            ProtoWriter w = new ProtoWriter(16);
            w.varintField(3, v);
            assertArrayEquals(official(o -> o.writeInt64(3, v)), w.toByteArray(), "value " + v);
        }
    }

    @Test
    void fixedWidthFields() throws IOException {
        ProtoWriter w = new ProtoWriter(16);
        w.fixed64Field(1, 1_700_000_000_123_456_000L);
        w.fixed64Field(2, -5);
        w.fixed32Field(8, 0x01020304);
        w.doubleField(4, 85.25);
        w.doubleField(4, -0.0);
        w.boolField(2, true);
        w.boolField(2, false);
        assertArrayEquals(official(o -> {
            o.writeFixed64(1, 1_700_000_000_123_456_000L);
            o.writeFixed64(2, -5);
            o.writeFixed32(8, 0x01020304);
            o.writeDouble(4, 85.25);
            o.writeDouble(4, -0.0);
            o.writeBool(2, true);
            o.writeBool(2, false);
        }), w.toByteArray());
    }

    @Test
    void stringsAreUtf8WhateverTheirCharacters() throws IOException {
        for (String s : List.of("", "plain", "caf\u00e9", "\u20ac 5", "emoji \ud83d\ude00 end", "x".repeat(300))) {
            ProtoWriter w = new ProtoWriter(16);
            w.stringField(1, s);
            assertArrayEquals(official(o -> o.writeString(1, s)), w.toByteArray(), s);
        }
    }

    @Test
    void anUnpairedSurrogateBecomesAQuestionMarkAsStringGetBytesDoes() throws IOException {
        String s = "a\ud800b\udc00";
        ProtoWriter w = new ProtoWriter(16);
        w.stringField(1, s);
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(official(o -> o.writeByteArray(1, utf8)), w.toByteArray());
    }

    @Test
    void bytesAndPackedRepeatedFields() throws IOException {
        ProtoWriter w = new ProtoWriter(16);
        byte[] id = {1, 2, 3, 4, 5};
        w.bytesField(9, id, 1, 3);
        w.packedFixed64(6, new long[] {1, 0, 7, 99}, 3);
        w.packedDouble(7, new double[] {0.005, 0.01, 2.5}, 3);
        w.packedDouble(7, new double[0], 0);
        HistogramDataPoint expected = HistogramDataPoint.newBuilder()
                .addAllBucketCounts(List.of(1L, 0L, 7L)).addAllExplicitBounds(List.of(0.005, 0.01, 2.5)).build();
        byte[] bytes = w.toByteArray();
        // field 9 of HistogramDataPoint is attributes: the bytes field is checked on its own
        assertArrayEquals(official(o -> o.writeByteArray(9, new byte[] {2, 3, 4})), java.util.Arrays.copyOf(bytes, 5));
        assertEquals(expected, HistogramDataPoint.parseFrom(java.util.Arrays.copyOfRange(bytes, 5, bytes.length)));
    }

    @Test
    void nestedMessagesOfEverySizeDecode() throws IOException {
        // lengths around each varint boundary: the length's one reserved byte must grow to two and three
        for (int n : new int[] {0, 100, 125, 126, 127, 200, 16_370, 16_400, 3_000_000}) {
            ProtoWriter w = new ProtoWriter(16);
            int kv = w.begin(1);
            w.stringField(1, "k");
            int value = w.begin(2);
            int array = w.begin(5);
            int any = w.begin(1);
            w.stringField(1, "v".repeat(n));
            w.end(any);
            w.end(array);
            w.end(value);
            w.end(kv);
            w.varintField(2, 7); // a field after the nested one lands in the right place
            KeyValue expected = KeyValue.newBuilder().setKey("k").setValue(AnyValue.newBuilder()
                    .setArrayValue(ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setStringValue("v".repeat(n)))))
                    .build();
            byte[] wanted = official(o -> {
                o.writeMessage(1, expected);
                o.writeInt64(2, 7);
            });
            assertArrayEquals(wanted, w.toByteArray(), "string of " + n);
        }
    }

    @Test
    void resetStartsAnEmptyMessage() {
        ProtoWriter w = new ProtoWriter(16);
        w.stringField(1, "a".repeat(100));
        w.reset();
        w.bytesField(7, new byte[] {9}, 0, 1);
        assertArrayEquals(new byte[] {0x3A, 1, 9}, w.toByteArray());
    }

    @Test
    void theReaderReadsWhatTheWriterWrote() {
        ProtoWriter w = new ProtoWriter(16);
        w.varintField(1, 5);
        w.doubleField(9, 1.5);
        int m = w.begin(2);
        w.stringField(2, "caf\u00e9 \ud83d\ude00");
        w.fixed32Field(3, 1);
        w.end(m);
        ProtoReader r = new ProtoReader(w.array(), 0, w.size());
        r.next();
        assertEquals(1, r.field());
        assertEquals(5, r.varint());
        r.next();
        r.skip();
        r.next();
        ProtoReader inner = r.message();
        inner.next();
        assertEquals("caf\u00e9 \ud83d\ude00", inner.string());
        inner.next();
        inner.skip();
        assertEquals(false, inner.next());
        assertEquals(false, r.next());
    }

    @Test
    void theReaderRefusesALengthPastTheEnd() {
        ProtoReader r = new ProtoReader(new byte[] {0x12, 0x05, 'a'}, 0, 3);
        r.next();
        assertThrows(IllegalArgumentException.class, r::string);
    }
}
