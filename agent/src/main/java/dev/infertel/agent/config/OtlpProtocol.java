package dev.infertel.agent.config;

/** The OTLP/HTTP encodings (the names are those of {@code OTEL_EXPORTER_OTLP_PROTOCOL}); gRPC is not offered. */
public enum OtlpProtocol {
    HTTP_PROTOBUF("http/protobuf", "application/x-protobuf"),
    HTTP_JSON("http/json", "application/json");

    private final String configName;
    private final String contentType;

    OtlpProtocol(String configName, String contentType) {
        this.configName = configName;
        this.contentType = contentType;
    }

    public String configName() {
        return configName;
    }

    public String contentType() {
        return contentType;
    }

    /** The protocol a config names, or null. */
    static OtlpProtocol named(String name) {
        for (OtlpProtocol p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The {@code protocol} key of an OTLP section; http/protobuf when absent. */
    static OtlpProtocol parse(java.util.Map<String, YamlNode> m) throws ConfigException {
        if (!m.containsKey("protocol")) {
            return HTTP_PROTOBUF;
        }
        YamlNode node = m.get("protocol");
        OtlpProtocol p = named(node.string());
        if (p == null) {
            throw node.error("expected http/protobuf or http/json, got '" + node.string() + "'"
                    + (node.string().equals("grpc") ? " (gRPC is not supported: use OTLP/HTTP, port 4318)" : ""));
        }
        return p;
    }
}
