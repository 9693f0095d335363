package com.acme.llm;

/** Receives a streamed completion chunk by chunk. */
public interface Listener {

    void onToken(String token);

    void onDone();

    void onError(Throwable error);
}
