package dev.infertel.agent.sink;

import dev.infertel.agent.otlp.OtlpResponses;

/**
 * The OTLP/HTTP rules for a server's answer (opentelemetry.io/docs/specs/otlp/#otlphttp-response):
 * 2xx is success, its {@code partial_success} naming the items refused; only 429, 502, 503 and 504
 * are retried, with {@code Retry-After} when given (no answer at all is retried by the poster); every
 * other status is final, its {@code google.rpc.Status} message kept for the log.
 */
final class OtlpJudge implements HttpPoster.Judge {

    /** Names what was refused in the log: "log record(s)", "data point(s)". */
    private final String items;

    OtlpJudge(String items) {
        this.items = items;
    }

    @Override
    public Delivery judge(HttpPoster.Answer a) {
        int status = a.status();
        if (status >= 200 && status < 300) {
            OtlpResponses.PartialSuccess partial = OtlpResponses.partialSuccess(a.body(), a.body().length, a.contentType());
            if (partial.isNone()) {
                return Delivery.ACCEPTED;
            }
            String detail = partial.rejected() > 0
                    ? partial.rejected() + " " + items + " rejected: " + orNone(partial.errorMessage())
                    : partial.errorMessage();
            return Delivery.accepted(partial.rejected(), detail);
        }
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            String detail = "HTTP " + status;
            long after = a.retryAfter().map(HttpPoster::retryAfterMillis).orElse(-1L);
            return after >= 0 ? Delivery.retryAfter(after, detail + ", Retry-After " + after + " ms")
                    : Delivery.retry(detail);
        }
        String message = OtlpResponses.statusMessage(a.body(), a.body().length, a.contentType());
        return Delivery.rejected("HTTP " + status + (message.isEmpty() ? "" : ": " + message));
    }

    private static String orNone(String message) {
        return message.isEmpty() ? "no reason given" : message;
    }
}
