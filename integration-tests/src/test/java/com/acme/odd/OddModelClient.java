package com.acme.odd;

/** A client whose model argument is the application's own type (whose toString() may misbehave). */
public final class OddModelClient {

    public String complete(Object model, String prompt) {
        return "answer to " + prompt.length() + " chars";
    }
}
