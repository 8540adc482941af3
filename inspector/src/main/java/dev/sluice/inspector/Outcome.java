package dev.sluice.inspector;

import dev.sluice.matchers.Labels;

/**
 * How an inspection ended. Anything but {@link #COMPLETE} means some bytes were not
 * inspected as their content type asks; findings made before that point still stand, and
 * the policy's fail-open / fail-closed rule decides what happens to the exchange.
 */
public enum Outcome {
    /** Every byte was inspected. */
    COMPLETE(false),
    /** The body is not valid for its content type; the rest was scanned as raw text. */
    PARSE_ERROR(false),
    /** The body ended in the middle of a structure (unterminated JSON, multipart without its close delimiter). */
    TRUNCATED(false),
    /** Nesting went deeper than the configured maximum; deeper content was scanned as raw text or skipped. */
    DEPTH_LIMIT(true),
    /** More body bytes than the configured maximum; the rest passed uninspected. */
    INSPECTED_BYTES_LIMIT(true),
    /** A single token (string, part header, line) was longer than the configured maximum. */
    TOKEN_LIMIT(true),
    /** Decompressed output exceeded the configured maximum size. */
    DECOMPRESSED_SIZE_LIMIT(true),
    /** Decompressed output grew faster than the configured ratio to its input (a bomb). */
    DECOMPRESSION_RATIO_LIMIT(true),
    /** Too many multipart parts. */
    PART_LIMIT(true),
    /** The compressed stream is corrupt. */
    DECODING_ERROR(false),
    /** A Content-Encoding (or compressed gRPC message with a grpc-encoding) Sluice does not decode; the bytes were scanned as is. */
    UNSUPPORTED_ENCODING(false),
    /** A gRPC or protobuf message (or its decompressed form) was longer than the configured maximum; its bytes were scanned raw. */
    MESSAGE_SIZE_LIMIT(true),
    /** More findings than a body may keep (4096); the rest were counted, and the body was still scanned to the end. */
    FINDINGS_LIMIT(true),
    /**
     * A rewriting session had to hold more bytes than the configured maximum while a finding
     * could still cover them, and released them: later findings in those bytes were not redacted.
     */
    HELD_BYTES_LIMIT(true);

    private final boolean limit;
    private final String label = Labels.of(this);

    Outcome(boolean limit) {
        this.limit = limit;
    }

    /** True when a configured limit, rather than the input's shape, stopped inspection. */
    public boolean isLimit() {
        return limit;
    }

    /** The lower-case name events and metrics use ({@code depth_limit}); computed once. */
    public String label() {
        return label;
    }
}
