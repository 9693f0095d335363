package com.acme.llm;

/** A client whose call costs next to nothing, so any time the agent adds to a call shows. */
public class FastClient {

    private long calls;

    public String generate(String model, String tenant) {
        calls++;
        return model.length() + tenant.length() + calls > 0 ? "ok" : "never";
    }
}
