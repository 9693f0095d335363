package com.acme.llm;

/** A pluggable generator; instrumented through the interface, never naming an implementation. */
public interface Backend {

    String generate(String model, String prompt);
}
