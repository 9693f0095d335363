package dev.infertel.agent.stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** SQLite files the sqlite sink writes, as inputs. */
final class SqlSources {

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqlSources() {
    }

    static boolean isSqliteName(String name) {
        return name.endsWith(".db") || name.endsWith(".sqlite") || name.endsWith(".sqlite3");
    }

    /** By the file's first 16 bytes, whatever its name. */
    static boolean isSqliteFile(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return Arrays.equals(in.readNBytes(SQLITE_MAGIC.length), SQLITE_MAGIC);
        }
    }

    static RecordSource sqlite(Path p) throws IOException {
        throw new IOException(p + " is a SQLite file: not readable by this version");
    }
}
