package dev.infertel.agent.stats;

import dev.infertel.agent.record.FlatRecord;
import dev.infertel.agent.record.FlatRecordJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A JSONL file as sinks write it: one record per line, plain or gzipped (recognized by its magic
 * bytes, not its name; every gzip member of the file is read). A plain file splits into byte ranges
 * read in parallel: a range reads the lines that start inside it. Lines are cut here and parsed one
 * by one, so a broken line costs only itself.
 */
final class JsonlSource implements RecordSource {

    private static final int BUFFER = 1 << 20;

    private final Path file;
    private final boolean gzip;
    private final long from;
    private final long to;

    private JsonlSource(Path file, boolean gzip, long from, long to) {
        this.file = file;
        this.gzip = gzip;
        this.from = from;
        this.to = to;
    }

    static JsonlSource of(Path file) throws IOException {
        boolean gz;
        try (InputStream in = Files.newInputStream(file)) {
            gz = in.read() == 0x1f && in.read() == 0x8b;
        }
        return new JsonlSource(file, gz, 0, Files.size(file));
    }

    @Override
    public List<RecordSource> split(long targetBytes) {
        long size = to - from;
        if (gzip || size <= targetBytes * 3 / 2) {
            return List.of(this);
        }
        int parts = (int) Math.min(4096, (size + targetBytes - 1) / targetBytes);
        List<RecordSource> out = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            out.add(new JsonlSource(file, false, from + size * i / parts, from + size * (i + 1) / parts));
        }
        return out;
    }

    @Override
    public void read(Sink sink, Problems problems) throws IOException {
        if (gzip) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                lines(in::read, 0, Long.MAX_VALUE, true, sink, problems);
            }
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            // from the byte before the range: a line is ours when it starts inside [from, to)
            long[] at = {from == 0 ? 0 : from - 1};
            Input input = (b, off, len) -> {
                int n = ch.read(ByteBuffer.wrap(b, off, len), at[0]);
                if (n > 0) {
                    at[0] += n;
                }
                return n;
            };
            lines(input, from == 0 ? 0 : from - 1, to, from == 0, sink, problems);
        }
    }

    /** Where bytes come from. */
    private interface Input {
        int read(byte[] b, int off, int len) throws IOException;
    }

    /**
     * Cuts lines from {@code in}, whose first byte is at file offset {@code offset}, and parses those
     * that start before {@code end}. Unless {@code atLineStart}, the first (partial) line is not ours.
     */
    private void lines(Input in, long offset, long end, boolean atLineStart, Sink sink, Problems problems)
            throws IOException {
        FlatRecordJson json = new FlatRecordJson();
        FlatRecord r = new FlatRecord();
        byte[] buf = new byte[BUFFER];
        int filled = 0;
        int start = 0;
        long lineNumber = 0;
        boolean skipFirst = !atLineStart;
        boolean eof = false;
        while (true) {
            // cut every complete line in buf[start .. filled)
            int scan = start;
            while (true) {
                int nl = indexOf(buf, scan, filled);
                if (nl < 0) {
                    if (!eof) {
                        break;
                    }
                    if (start >= filled) {
                        return;
                    }
                    nl = filled; // a last line without its newline
                }
                long lineOffset = offset + start;
                if (lineOffset >= end) {
                    return;
                }
                if (skipFirst) {
                    skipFirst = false;
                } else {
                    lineNumber++;
                    parse(json, r, buf, start, nl, lineNumber, lineOffset, sink, problems);
                }
                start = nl + 1;
                scan = start;
                if (nl == filled) {
                    return;
                }
            }
            // keep the partial line, read more
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, filled - start);
                offset += start;
                filled -= start;
                start = 0;
            }
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                eof = true;
            } else {
                filled += n;
            }
        }
    }

    private void parse(FlatRecordJson json, FlatRecord r, byte[] buf, int start, int end, long lineNumber,
                       long lineOffset, Sink sink, Problems problems) {
        int s = start;
        while (s < end && (buf[s] == ' ' || buf[s] == '\t' || buf[s] == '\r')) {
            s++;
        }
        if (s == end) {
            return; // blank
        }
        try {
            json.read(buf, s, end - s, r);
        } catch (IOException | RuntimeException e) {
            String where = from == 0 ? " line " + lineNumber : " at byte " + lineOffset;
            problems.skipped(file + where + ": not a telemetry record (" + e.getMessage() + ")");
            return;
        }
        sink.accept(r);
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** The first '\n' in {@code b[from .. to)}, eight bytes at a time (the zero-byte test of "Bit Twiddling Hacks"). */
    static int indexOf(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = (x - LOW_BITS) & ~x & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String describe() {
        return (gzip ? "gzipped JSONL " : "JSONL ") + file + (from > 0 || !gzip ? " bytes " + from + ".." + to : "");
    }
}
