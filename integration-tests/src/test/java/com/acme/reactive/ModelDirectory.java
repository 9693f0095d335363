package com.acme.reactive;

/** Resolves a model alias; an instrumented call of its own, nested inside the client's streams. */
public final class ModelDirectory {

    public String lookup(String model) {
        return model;
    }
}
