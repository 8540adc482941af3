package dev.sluice.inspector.grpc;

import dev.sluice.grpc.BodyFraming;
import dev.sluice.grpc.GrpcBodyListener;
import dev.sluice.grpc.GrpcBodyReader;
import dev.sluice.grpc.GrpcLimits;
import dev.sluice.grpc.frame.FrameError;
import dev.sluice.grpc.frame.GrpcEncoding;
import dev.sluice.grpc.frame.GrpcMessage;
import dev.sluice.grpc.walk.FieldPath;
import dev.sluice.grpc.walk.ProtobufWalker;
import dev.sluice.grpc.walk.ValueKind;
import dev.sluice.grpc.walk.WalkMode;
import dev.sluice.grpc.walk.WalkProblem;
import dev.sluice.inspector.ByteSink;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.MessageLayout;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.OutcomeRecorder;
import dev.sluice.inspector.ParserContext;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.inspector.ValueSyntax;
import dev.sluice.inspector.json.Base64Values;
import dev.sluice.inspector.json.CompressedBytes;
import dev.sluice.inspector.text.EmbeddedEscapes;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ValueSink;
import java.util.Locale;

/**
 * Reads a gRPC (length-prefixed) or raw protobuf body through {@link GrpcBodyReader} and hands
 * every string and bytes field to the matchers as one value, with its field path, its field
 * name as key and the walk mode as origin ({@code schema} or {@code schemaless}). Values of an
 * uncompressed message map to their exact wire bytes; a value of a compressed message maps to
 * its whole frame, since no wire byte holds it. A string's percent escapes and character
 * references ({@link EmbeddedEscapes}) are decoded in an uncompressed message. A value that is
 * base64 of text ({@link Base64Values}), or a bytes value that is a gzip or zlib stream
 * ({@link CompressedBytes}), is read as the text it holds too, in a {@link DecodedValueContext}.
 * Bytes that could not be read as a message (framing lost, a message over the size limit) are
 * scanned raw, origin {@code raw}.
 *
 * <p>Memory: one message (and its decompressed form) at most, bounded by
 * {@link InspectionLimits#maxMessageBytes()}.
 */
public final class GrpcBodyParser implements ByteSink, GrpcBodyListener {
    static final String SCHEMA = "schema";
    static final String SCHEMALESS = "schemaless";
    static final String RAW = "raw";
    /** Decoded bytes of a compressed message go to the sink in pieces no longer than this. */
    private static final int ESCAPED_PIECE = 4096;

    /** Where values go: the matcher's sink. */
    private final ValueSink sink;
    /**
     * Where a value that may be base64 of text goes: the same sink, through a reader of base64
     * values. Only such values take this way, so the common value's calls stay short.
     */
    private final ValueSink base64Sink;
    /** Where text decoded out of a value is read. */
    private final DecodedValueContext decoded;
    /** Where bytes not read as a message go: the same sink unless the body is rewritten. */
    private final ValueSink rawSink;
    /** Where messages lie, for a rewriting session; else null. */
    private final MessageLayout layout;
    private final OutcomeRecorder outcomes;
    private final long base;
    private final String pathPrefix;
    private final GrpcBodyReader reader;
    private final FieldContext field = new FieldContext();
    private GrpcMessage current;
    /** Made on first use: most protobuf strings hold no escapes. */
    private EmbeddedEscapes embeddedEscapes;
    private EmbeddedEscapes embeddedBase64Escapes;
    private boolean rawOpen;
    private long rawEnd;
    private boolean ended;

    /**
     * @param contentType the body's Content-Type: gRPC types are length-prefixed, anything else is
     *                    one raw message
     * @param baseOffset  wire offset of the first byte this parser is given
     */
    public GrpcBodyParser(ParserContext ctx, String contentType, long baseOffset) {
        this(ctx, contentType, baseOffset, "");
    }

    /**
     * @param pathPrefix put before each value's field path, with a dot ({@code header:x-bin.2.1}),
     *                   for a message embedded in something else; empty for a body's own
     */
    public GrpcBodyParser(ParserContext ctx, String contentType, long baseOffset, String pathPrefix) {
        this.pathPrefix = pathPrefix;
        this.layout = ctx.messageLayout();
        this.decoded = new DecodedValueContext(ctx, layout);
        this.sink = ctx.sink();
        this.base64Sink = Base64Values.around(decoded, sink);
        this.rawSink = ctx.sinkFor(ValueSyntax.BINARY);
        this.outcomes = ctx.outcomes();
        this.base = baseOffset;
        ProtobufSpec spec = ctx.protobuf() != null ? ctx.protobuf() : ProtobufSpec.schemaless();
        InspectionLimits limits = ctx.limits();
        this.reader = GrpcBodyReader.builder()
                .framing(BodyFraming.forContentType(contentType).orElse(BodyFraming.RAW))
                .encoding(GrpcEncoding.of(spec.grpcEncoding()))
                .messageType(spec.messageType())
                .lookup(spec.lookup())
                .limits(GrpcLimits.builder()
                        .maxMessageBytes(limits.maxMessageBytes())
                        .maxDecompressedBytes(limits.maxMessageBytes())
                        .maxDepth(Math.min(limits.maxDepth(), ProtobufWalker.MAX_DEPTH_LIMIT))
                        .build())
                .room(ctx.heldMemory().account(this)::holds)
                .listener(this)
                .build();
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        if (!ended && len > 0) {
            reader.write(buf, off, len);
        }
    }

    @Override
    public void end() {
        if (ended) {
            return;
        }
        ended = true;
        reader.end();
        closeRaw();
    }

    // ---------------------------------------------------------------- GrpcBodyListener

    @Override
    public void messageStart(GrpcMessage message) {
        closeRaw();
        current = message;
        if (layout != null) {
            layout.messageStart(base + message.frameOffset(), message.framed(),
                    message.compressed() ? -1 : base + message.payloadOffset());
        }
    }

    @Override
    public void messageEnd(GrpcMessage message, byte[] buf, int off, int len) {
        current = null;
        if (layout != null) {
            layout.messageEnd(base + message.payloadOffset() + message.wireLength(), buf, off, len);
        }
    }

    @Override
    public void value(FieldPath path, String key, ValueKind kind, WalkMode mode, byte[] buf, int off, int len,
                      long bodyOffset) {
        closeRaw();
        field.clear().key(key).parentKey(path.parentKey()).origin(mode == WalkMode.SCHEMA ? SCHEMA : SCHEMALESS)
                .container(path, path.containerSerial(), path.containerDepth());
        if (!pathPrefix.isEmpty()) {
            field.path().append(pathPrefix).append('.');
        }
        path.appendTo(field.path());
        int start = current == null ? 0 : (int) (bodyOffset - current.payloadOffset());
        if (layout != null && current != null) {
            layout.value(start, start + len);
        }
        decoded.within(field.origin(), start, start + len);
        boolean base64 = mayBeBase64(kind, mode, buf, off, len);
        if (current != null && current.compressed()) {
            long frameStart = base + current.frameOffset();
            long frameEnd = base + current.payloadOffset() + current.wireLength();
            sendDecompressed(base64 ? base64Sink : sink, buf, off, len, frameStart, frameEnd);
            readCompressedBytes(kind, buf, off, len, frameStart, frameEnd);
        } else {
            long at = base + bodyOffset;
            // A string that carries a URL's percent escapes or an HTML fragment's references is
            // decoded, each escape over its own wire bytes (a compressed message's values have none).
            ValueSink to = kind == ValueKind.STRING && EmbeddedEscapes.mayHold(buf, off, off + len)
                    ? embeddedEscapes(base64) : base64 ? base64Sink : sink;
            to.beginValue(field);
            to.verbatim(buf, off, len, at);
            to.endValue();
            readCompressedBytes(kind, buf, off, len, at, at + len);
        }
    }

    /** A value of a compressed message: each of its bytes stands for the whole frame. */
    private void sendDecompressed(ValueSink to, byte[] buf, int off, int len, long frameStart, long frameEnd) {
        to.beginValue(field);
        for (int done = 0; done < len; done += ESCAPED_PIECE) {
            to.escaped(buf, off + done, Math.min(ESCAPED_PIECE, len - done), frameStart, frameEnd);
        }
        to.endValue();
    }

    /** A bytes value that is a gzip or zlib stream is read as the text it inflates to. */
    private void readCompressedBytes(ValueKind kind, byte[] buf, int off, int len, long wireStart, long wireEnd) {
        if (kind == ValueKind.BYTES) {
            CompressedBytes.read(decoded, field, buf, off, len, wireStart, wireEnd);
        }
    }

    /**
     * Whether a value may be base64 of text, and so takes the way through {@link Base64Values}.
     * A schema-less walk reads as bytes only what is no UTF-8, which base64 always is.
     */
    private boolean mayBeBase64(ValueKind kind, WalkMode mode, byte[] buf, int off, int len) {
        return (kind == ValueKind.STRING || mode == WalkMode.SCHEMA) && base64Sink instanceof Base64Values b
                && b.mayHold(buf, off, len);
    }

    private ValueSink embeddedEscapes(boolean base64) {
        if (base64) {
            if (embeddedBase64Escapes == null) {
                embeddedBase64Escapes = new EmbeddedEscapes(base64Sink);
            }
            return embeddedBase64Escapes;
        }
        if (embeddedEscapes == null) {
            embeddedEscapes = new EmbeddedEscapes(sink);
        }
        return embeddedEscapes;
    }

    @Override
    public void problem(WalkProblem problem, FieldPath path, long bodyOffset) {
        Outcome outcome = problem == WalkProblem.DEPTH_LIMIT ? Outcome.DEPTH_LIMIT : Outcome.PARSE_ERROR;
        outcomes.record(outcome, "protobuf: " + name(problem) + " at byte " + (base + bodyOffset));
    }

    @Override
    public void frameError(FrameError error, long bodyOffset) {
        outcomes.record(outcomeOf(error), "grpc: " + (error == FrameError.NO_ROOM
                ? "no room for the message (the process's held memory is full)" : name(error))
                + " at byte " + (base + bodyOffset));
    }

    @Override
    public void uninspected(byte[] buf, int off, int len, long bodyOffset) {
        if (len <= 0) {
            return;
        }
        if (!rawOpen || bodyOffset != rawEnd) {
            closeRaw();
            field.clear().origin(RAW);
            field.path().append(pathPrefix);
            rawSink.beginValue(field);
            rawOpen = true;
        }
        rawSink.verbatim(buf, off, len, base + bodyOffset);
        rawEnd = bodyOffset + len;
    }

    private void closeRaw() {
        if (rawOpen) {
            rawSink.endValue();
            rawOpen = false;
        }
    }

    static Outcome outcomeOf(FrameError error) {
        return switch (error) {
            case MESSAGE_TOO_LARGE, DECOMPRESSED_TOO_LARGE, NO_ROOM -> Outcome.MESSAGE_SIZE_LIMIT;
            case UNSUPPORTED_ENCODING -> Outcome.UNSUPPORTED_ENCODING;
            case DECOMPRESSION_FAILED -> Outcome.DECODING_ERROR;
            case INVALID_FLAG -> Outcome.PARSE_ERROR;
            case TRUNCATED -> Outcome.TRUNCATED;
        };
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
