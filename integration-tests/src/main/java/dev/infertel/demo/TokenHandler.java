package dev.infertel.demo;

/** How the demo client hands streamed tokens to its caller. */
public interface TokenHandler {
    void onToken(String token);

    void onComplete(int tokens);

    void onError(Throwable error);
}
