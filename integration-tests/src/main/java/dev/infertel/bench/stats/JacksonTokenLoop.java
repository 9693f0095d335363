package dev.infertel.bench.stats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.FileInputStream;
import java.io.InputStream;

/**
 * The ceiling of any jackson-core reader: one parser over the whole JSONL file, every token read and
 * nothing done with it (no number converted, no string decoded, no record built).
 * {@code java -cp ... JacksonTokenLoop FILE.jsonl}.
 */
public final class JacksonTokenLoop {

    private JacksonTokenLoop() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        long records = 0;
        long tokens = 0;
        try (InputStream in = new FileInputStream(args[0]);
             JsonParser p = new JsonFactory().createParser(in)) {
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                tokens++;
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd() && --depth == 0) {
                    records++;
                }
            }
        }
        System.out.printf("jackson token loop: %d records, %d tokens in %.2f s%n", records, tokens,
                (System.nanoTime() - t0) / 1e9);
    }
}
