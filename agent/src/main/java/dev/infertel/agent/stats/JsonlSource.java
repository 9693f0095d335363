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
     * Reads {@code in}, whose first byte is at file offset {@code offset}, and parses the lines that
     * start before {@code end}, a buffer's worth of whole lines at a time. Unless {@code atLineStart},
     * the first (partial) line is not ours.
     */
    private void lines(Input in, long offset, long end, boolean atLineStart, Sink sink, Problems problems)
            throws IOException {
        FlatRecordJson json = new FlatRecordJson();
        FlatRecord r = new FlatRecord();
        byte[] buf = new byte[BUFFER];
        int filled = 0;
        int start = 0;
        // line numbers are known (and counted) only when reading from the file's first byte
        long[] linesBefore = {from == 0 ? 0 : -1};
        boolean skipFirst = !atLineStart;
        boolean eof = false;
        while (true) {
            if (skipFirst) {
                int nl = indexOf(buf, start, filled);
                if (nl >= 0 || eof) {
                    start = nl >= 0 ? nl + 1 : filled;
                    skipFirst = false;
                }
            }
            if (!skipFirst) {
                if (end - offset <= start) {
                    return; // the next line starts at or after the end: the next range's
                }
                int regionEnd = eof ? filled : lastIndexOf(buf, start, filled) + 1;
                boolean last = eof;
                if (end - offset < filled) {
                    // the line holding the range's last byte is the range's last line
                    int nl = indexOf(buf, (int) (end - offset - 1), filled);
                    if (nl >= 0) {
                        regionEnd = nl + 1;
                        last = true;
                    }
                }
                if (regionEnd > start) {
                    region(json, r, buf, start, regionEnd, offset, linesBefore, sink, problems);
                    start = regionEnd;
                }
                if (last) {
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

    /** Parses the whole lines {@code buf[from .. to)}. */
    private void region(FlatRecordJson json, FlatRecord r, byte[] buf, int from, int to, long offset, long[] linesBefore,
                        Sink sink, Problems problems) {
        int[] counted = {from};
        json.readLines(buf, from, to, r, new FlatRecordJson.LineSink() {
            @Override
            public void record(FlatRecord record) {
                sink.accept(record);
            }

            @Override
            public void broken(int start, int end, String why) {
                String where;
                if (linesBefore[0] >= 0) {
                    linesBefore[0] += countNewlines(buf, counted[0], start);
                    counted[0] = start;
                    where = " line " + (linesBefore[0] + 1);
                } else {
                    where = " at byte " + (offset + start);
                }
                boolean blank = true;
                for (int i = start; i < end && blank; i++) {
                    blank = buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r';
                }
                if (!blank) {
                    problems.skipped(file + where + ": not a telemetry record (" + why + ")");
                }
            }
        });
        if (linesBefore[0] >= 0) {
            linesBefore[0] += countNewlines(buf, counted[0], to);
        }
    }

    /** The last '\n' in {@code b[from .. to)}, or from - 1. */
    private static int lastIndexOf(byte[] b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return from - 1;
    }

    /** How many '\n' in {@code b[from .. to)}, eight bytes at a time (exact per byte, no borrow between bytes). */
    static int countNewlines(byte[] b, int from, int to) {
        int n = 0;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            n += Long.bitCount(~(((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x | 0x7F7F7F7F7F7F7F7FL));
        }
        for (; i < to; i++) {
            n += b[i] == '\n' ? 1 : 0;
        }
        return n;
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
