package dev.infertel.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML node that knows where it stands (key path and line), so every type or key error can name
 * both. Only the JSON data model is accepted: maps with string keys, lists, scalars.
 */
final class YamlNode {

    private final Node node;
    private final String path;
    private final String source;

    YamlNode(Node node, String path, String source) {
        this.node = node;
        this.path = path;
        this.source = source;
    }

    String path() {
        return path;
    }

    int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    ConfigException error(String what) {
        return new ConfigException(source + " line " + line() + ": " + (path.isEmpty() ? "" : path + ": ") + what);
    }

    boolean isNull() {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    boolean isList() {
        return node instanceof SequenceNode;
    }

    boolean isMap() {
        return node instanceof MappingNode;
    }

    /** The entries of a map, in file order; rejects keys outside {@code allowed}. */
    Map<String, YamlNode> map(Set<String> allowed) throws ConfigException {
        if (!(node instanceof MappingNode)) {
            throw error("expected a map, got " + describe());
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode)) {
                throw new YamlNode(keyNode, path, source).error("map keys must be plain names");
            }
            String key = ((ScalarNode) keyNode).getValue();
            String childPath = path.isEmpty() ? key : path + "." + key;
            if (allowed != null && !allowed.contains(key)) {
                throw new YamlNode(keyNode, childPath, source)
                        .error("unknown key '" + key + "' (known here: " + String.join(", ", allowed) + ")");
            }
            if (entries.containsKey(key)) {
                throw new YamlNode(keyNode, childPath, source).error("duplicate key '" + key + "'");
            }
            entries.put(key, new YamlNode(tuple.getValueNode(), childPath, source));
        }
        return entries;
    }

    List<YamlNode> list() throws ConfigException {
        if (!(node instanceof SequenceNode)) {
            throw error("expected a list, got " + describe());
        }
        List<YamlNode> items = new ArrayList<>();
        List<Node> values = ((SequenceNode) node).getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(new YamlNode(values.get(i), path + "[" + i + "]", source));
        }
        return items;
    }

    String string() throws ConfigException {
        if (!(node instanceof ScalarNode) || isNull()) {
            throw error("expected a string, got " + describe());
        }
        String value = ((ScalarNode) node).getValue();
        if (value.isBlank()) {
            throw error("must not be empty");
        }
        return value;
    }

    /** A string, or a list of strings. */
    List<String> strings() throws ConfigException {
        List<String> out = new ArrayList<>();
        if (node instanceof ScalarNode) {
            out.add(string());
            return out;
        }
        for (YamlNode item : list()) {
            out.add(item.string());
        }
        return out;
    }

    long integer(long min, long max) throws ConfigException {
        if (!(node instanceof ScalarNode) || !Tag.INT.equals(node.getTag())) {
            throw error("expected a whole number, got " + describe());
        }
        long value;
        try {
            value = Long.parseLong(((ScalarNode) node).getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("expected a whole number, got " + describe());
        }
        if (value < min || value > max) {
            throw error("must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    double number(double min) throws ConfigException {
        if (!(node instanceof ScalarNode) || !(Tag.INT.equals(node.getTag()) || Tag.FLOAT.equals(node.getTag()))) {
            throw error("expected a number, got " + describe());
        }
        double value = Double.parseDouble(((ScalarNode) node).getValue().replace("_", ""));
        if (value < min) {
            throw error("must be at least " + min + ", got " + value);
        }
        return value;
    }

    boolean bool() throws ConfigException {
        if (!(node instanceof ScalarNode) || !Tag.BOOL.equals(node.getTag())) {
            throw error("expected true or false, got " + describe());
        }
        return Boolean.parseBoolean(((ScalarNode) node).getValue().toLowerCase());
    }

    private String describe() {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull()) {
            return "nothing (null)";
        }
        Tag tag = node.getTag();
        String kind = Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) ? "a number"
                : Tag.BOOL.equals(tag) ? "a boolean" : "a string";
        return kind + " '" + ((ScalarNode) node).getValue() + "'";
    }
}
