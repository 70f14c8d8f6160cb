package dev.hearth.contract;

/**
 * Why a payload was rejected. The codes are stable: services count rejections by them in their metrics
 * ({@code reason} tag), so a dashboard or an alert can rely on them.
 */
public enum Reason {
    /** Not UTF-8 JSON, truncated, trailing garbage, or not an object where one is required. */
    NOT_JSON("not-json"),
    /** A required field is absent. */
    MISSING_FIELD("missing-field"),
    /** A field has the wrong JSON type (a number sent as a string, null where a value is required, ...). */
    WRONG_TYPE("wrong-type"),
    /** A number is NaN or infinite (1e999 overflows to infinity). */
    NOT_FINITE("not-finite"),
    /** A number or a string's length is outside what the contract allows. */
    OUT_OF_RANGE("out-of-range"),
    /** A value outside a closed set (an unknown {@code quantity}, {@code mode}, ...). */
    BAD_VALUE("bad-value"),
    /** An id that does not match {@code [a-z0-9][a-z0-9-]{0,63}}. */
    BAD_ID("bad-id"),
    /** A time that is not ISO-8601 UTC with three fraction digits, or outside 2000..2099. */
    BAD_TIME("bad-time"),
    /** More bytes than the payload may have. */
    TOO_LARGE("too-large"),
    /** The id in the payload is not the id in the topic. */
    TOPIC_MISMATCH("topic-mismatch"),
    /** Not a topic of the contract (or of this home). */
    UNKNOWN_TOPIC("unknown-topic");

    private final String code;

    Reason(String code) {
        this.code = code;
    }

    /** The stable code, as used in metrics tags. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return code;
    }
}
