package dev.infertel.agent.runtime;

/** What a record says about the client library behind a site. */
record SiteInfo(String engine, String engineVersion) {
}
