package com.acme.ends;

/**
 * A streaming client whose calls end in the ways a config may not foresee: through a callback method
 * the site does not name, or never. Also a plain call, for load.
 */
public class EndingClient {

    /** Receives a stream: tokens, then one of its two ends (or neither). */
    public interface Handler {
        void onToken(String token);

        void onDone();

        void onError(Throwable error);
    }

    /** Streams {@code chunks} tokens on a thread of its own, then ends as {@code ending} says: done, error or never. */
    public void stream(String model, int chunks, String ending, Handler handler) {
        Thread t = new Thread(() -> {
            for (int i = 0; i < chunks; i++) {
                handler.onToken("t" + i);
            }
            switch (ending) {
                case "done" -> handler.onDone();
                case "error" -> handler.onError(new IllegalStateException("the server went away"));
                default -> { } // never ends
            }
        }, "ending-client");
        t.setDaemon(true);
        t.start();
    }

    /** A plain call: a few microseconds of work. */
    public long call(String model, long seed) {
        long x = seed;
        for (int i = 0; i < 200; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
