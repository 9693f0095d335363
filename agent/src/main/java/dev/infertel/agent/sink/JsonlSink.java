package dev.infertel.agent.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.infertel.agent.record.RecordJson;
import dev.infertel.agent.record.TelemetryRecord;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One JSON object per line, appended to a file; the same objects {@code tail --json} prints. */
public final class JsonlSink implements Sink {

    private final String name;
    private final Path path;
    private OutputStream out;
    private JsonGenerator json;

    public JsonlSink(String name, Path path) {
        this.name = name;
        this.path = path;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void write(List<TelemetryRecord> batch) throws IOException {
        if (json == null) {
            open();
        }
        for (TelemetryRecord r : batch) {
            RecordJson.write(json, r);
            json.writeRaw('\n');
        }
        json.flush();
    }

    private void open() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = new BufferedOutputStream(new FileOutputStream(path.toFile(), true), 1 << 16);
        json = RecordJson.factory().createGenerator(out);
        json.setRootValueSeparator(null);
    }

    @Override
    public void close() throws IOException {
        if (json != null) {
            json.close();
            json = null;
        }
    }
}
