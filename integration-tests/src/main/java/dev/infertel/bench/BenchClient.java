package dev.infertel.bench;

import dev.infertel.bootstrap.Bridge;
import dev.infertel.bootstrap.CallTimeline;

/**
 * A tiny client whose methods come twice: as written, and as the agent's weaver ({@code BridgeWeaver})
 * leaves them: the same body between {@link Bridge#enter} and {@link Bridge#exit}, with the boxed
 * argument array it builds. Writing the woven form by hand keeps the Instrumentation API out of the
 * measurement.
 */
public final class BenchClient {

    static final String[] CHUNKS = new String[16];

    static {
        for (int i = 0; i < CHUNKS.length; i++) {
            CHUNKS[i] = "tok" + i;
        }
    }

    public int complete(String model, String prompt) {
        return model.length() * 31 + prompt.length();
    }

    public int completeWoven(int site, String model, String prompt) {
        CallTimeline t = enter(site, new Object[] {model, prompt});
        int result;
        try {
            result = model.length() * 31 + prompt.length();
        } catch (Throwable e) {
            exit(t, null, e);
            throw e;
        }
        exit(t, result, null);
        return result;
    }

    public void stream(String model, ChunkHandler handler) {
        for (String chunk : CHUNKS) {
            handler.onChunk(chunk);
        }
        handler.onComplete(CHUNKS.length);
    }

    public void streamWoven(int site, String model, ChunkHandler handler) {
        Object[] args = {model, handler};
        CallTimeline t = enter(site, args);
        if (t != null) {
            try {
                args = Bridge.tapCallback(t, BenchClient.class, args);
            } catch (Throwable ignored) {
                // suppress = Throwable.class
            }
            handler = (ChunkHandler) args[1];
        }
        try {
            for (String chunk : CHUNKS) {
                handler.onChunk(chunk);
            }
            handler.onComplete(CHUNKS.length);
        } catch (Throwable e) {
            exit(t, null, e);
            throw e;
        }
        exit(t, null, null);
    }

    private CallTimeline enter(int site, Object[] args) {
        try {
            return Bridge.enter(site, this, args);
        } catch (Throwable ignored) {
            return null;
        }
    }

    private static void exit(CallTimeline t, Object result, Throwable thrown) {
        try {
            Bridge.exit(t, result, thrown);
        } catch (Throwable ignored) {
            // suppress = Throwable.class
        }
    }
}
