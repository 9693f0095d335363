package dev.infertel.agent.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a value is read from: a root (an argument, the receiver, the result, the current chunk or an
 * argument of the completion callback) followed by getter names, e.g. {@code arg0.model}. A numeric step
 * takes that element of a list or array ({@code result.choices.0.finishReason}). {@code orElse}: the
 * alternative read when this path gives nothing (a YAML list of paths, read at the same moment: e.g. the
 * request's model, else the client's default model).
 */
public record ValuePath(Root root, int index, List<String> getters, String text, ValuePath orElse) {

    public ValuePath(Root root, int index, List<String> getters, String text) {
        this(root, index, getters, text, null);
    }

    public enum Root { ARG, THIS, RESULT, CHUNK, COMPLETE_ARG }

    private static final Pattern SYNTAX =
            Pattern.compile("(arg[0-9]+|this|result|chunk|complete_arg[0-9]+)(\\.([A-Za-z_][A-Za-z0-9_]*|[0-9]+))*");

    public static ValuePath parse(String text) {
        if (!SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a value path "
                    + "(arg0..argN, this, result, chunk or complete_arg0..N, then .getter names or .N list indices, "
                    + "e.g. arg0.model, result.choices.0.finishReason)");
        }
        String[] parts = text.split("\\.");
        String head = parts[0];
        Root root;
        int index = -1;
        if (head.startsWith("complete_arg")) {
            root = Root.COMPLETE_ARG;
            index = Integer.parseInt(head.substring("complete_arg".length()));
        } else if (head.startsWith("arg")) {
            root = Root.ARG;
            index = Integer.parseInt(head.substring(3));
        } else {
            root = Root.valueOf(head.toUpperCase());
        }
        return new ValuePath(root, index, List.of(parts).subList(1, parts.length), text);
    }

    /**
     * The first of {@code alternatives} that gives a value. They must be read at the same moment: all at
     * entry (arguments and receiver), or all from the same root.
     */
    public static ValuePath firstOf(List<ValuePath> alternatives) {
        ValuePath head = alternatives.get(0);
        for (ValuePath p : alternatives) {
            boolean together = head.readableAtEntry() ? p.readableAtEntry()
                    : p.root() == head.root() && p.index() == head.index();
            if (!together) {
                throw new IllegalArgumentException("'" + p.text() + "' is read at another moment than '" + head.text()
                        + "': alternatives must all read the arguments or receiver, or all the same root");
            }
        }
        ValuePath chain = null;
        for (int i = alternatives.size() - 1; i >= 0; i--) {
            ValuePath p = alternatives.get(i);
            chain = new ValuePath(p.root(), p.index(), p.getters(), p.text(), chain);
        }
        return chain;
    }

    /** This path alone, without its alternatives. */
    public ValuePath alone() {
        return orElse == null ? this : new ValuePath(root, index, getters, text, null);
    }

    /** Whether the value is known when the method is entered (arguments and receiver). */
    public boolean readableAtEntry() {
        return root == Root.ARG || root == Root.THIS;
    }

    @Override
    public String toString() {
        return orElse == null ? text : text + " | " + orElse;
    }
}
