package com.acme.llm;

/** A {@link Backend} that answers like {@link Client#complete} without being a Client. */
public class LocalBackend implements Backend {

    @Override
    public String generate(String model, String prompt) {
        Script script = Script.of(model);
        Client.sleep(script.totalMs());
        if (script.fails()) {
            throw script.failure();
        }
        return "answer:" + model;
    }
}
