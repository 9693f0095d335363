package com.acme.llm;

/** What the fake backend throws when a scripted request fails. */
public class AcmeException extends RuntimeException {

    public AcmeException(String message) {
        super(message);
    }
}
