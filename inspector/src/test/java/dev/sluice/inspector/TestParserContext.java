package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.inspector.binary.BinaryDocumentParser;
import dev.sluice.inspector.form.FormBodyParser;
import dev.sluice.inspector.head.HttpHeadParser;
import dev.sluice.inspector.multipart.MultipartBodyParser;
import dev.sluice.inspector.sse.EventStreamBodyParser;
import dev.sluice.inspector.text.CsvBodyParser;
import dev.sluice.inspector.text.GraphqlDocumentParser;
import dev.sluice.inspector.text.MarkupBodyParser;
import dev.sluice.inspector.text.RawBodyParser;
import dev.sluice.inspector.text.TextBodyParser;
import dev.sluice.matchers.ValueSink;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@link ParserContext} for parser tests: {@link #open} builds the form, multipart, HTML, CSV
 * and text parsers by {@link MediaKind}; kinds whose parsers live elsewhere (JSON, gRPC,
 * protobuf) get the raw text parser. Past {@code maxDepth} it records DEPTH_LIMIT and answers
 * raw, as the real context does. Also the harness that runs a body under a chunking.
 */
public record TestParserContext(ValueSink sink, InspectionLimits limits, OutcomeRecorder outcomes)
        implements ParserContext {

    /** A context with an outcome recorder of its own. */
    public TestParserContext(ValueSink sink, InspectionLimits limits) {
        this(sink, limits, new OutcomeRecorder());
    }

    @Override
    public ByteSink open(String contentType, long baseOffset, String name, int depth) {
        if (depth > limits.maxDepth()) {
            outcomes.record(Outcome.DEPTH_LIMIT, "depth " + depth);
            return RawBodyParser.create(this, baseOffset, name);
        }
        return switch (MediaKind.of(contentType)) {
            case FORM -> new FormBodyParser(this, baseOffset, name);
            case MULTIPART -> MultipartBodyParser.forContentType(this, baseOffset, name, contentType, depth);
            case HTML -> MarkupBodyParser.html(this, baseOffset, name);
            case XML -> MarkupBodyParser.xml(this, baseOffset, name);
            case CSV -> CsvBodyParser.forContentType(this, baseOffset, name, contentType);
            case TEXT -> new TextBodyParser(this, baseOffset, name);
            case GRAPHQL -> new GraphqlDocumentParser(this, baseOffset, name);
            case EVENT_STREAM -> new EventStreamBodyParser(this, baseOffset, depth);
            case HTTP_HEAD -> new HttpHeadParser(this, baseOffset);
            case CBOR -> BinaryDocumentParser.cbor(this, baseOffset, name);
            case MSGPACK -> BinaryDocumentParser.messagePack(this, baseOffset, name);
            case JSON, GRPC, PROTOBUF, RAW -> RawBodyParser.create(this, baseOffset, name);
        };
    }

    /** What one parse produced. */
    public record Result(List<RecordingValueSink.Value> values, Outcome outcome, String detail,
            RecordingValueSink sink) {
    }

    /** Parses {@code body} as {@code contentType}, cut at the ascending offsets {@code cuts}. */
    public static Result parse(String contentType, byte[] body, InspectionLimits limits, int... cuts) {
        RecordingValueSink sink = RecordingValueSink.recording(body);
        TestParserContext ctx = new TestParserContext(sink, limits);
        ByteSink parser = ctx.open(contentType, 0, null, 0);
        int from = 0;
        for (int cut : cuts) {
            if (cut > from && cut < body.length) {
                parser.write(body, from, cut - from);
                from = cut;
            }
        }
        parser.write(body, from, body.length - from);
        parser.end();
        assertNull(sink.error(), "sink protocol");
        assertFalse(sink.isOpen(), "value left open");
        return new Result(sink.values(), ctx.outcomes().outcome(), ctx.outcomes().detail(), sink);
    }

    public static Result parse(String contentType, String body, int... cuts) {
        return parse(contentType, body.getBytes(StandardCharsets.UTF_8), InspectionLimits.defaults(), cuts);
    }

    /** Parses byte by byte, copying each byte into a fresh array so no parser can peek at its neighbours. */
    public static Result parseByteByByte(String contentType, byte[] body, InspectionLimits limits) {
        RecordingValueSink sink = RecordingValueSink.recording(body);
        TestParserContext ctx = new TestParserContext(sink, limits);
        ByteSink parser = ctx.open(contentType, 0, null, 0);
        byte[] one = new byte[3];
        for (byte b : body) {
            one[1] = b;
            parser.write(one, 1, 1);
            one[1] = 0;
        }
        parser.end();
        assertNull(sink.error(), "sink protocol");
        assertFalse(sink.isOpen(), "value left open");
        return new Result(sink.values(), ctx.outcomes().outcome(), ctx.outcomes().detail(), sink);
    }

    /**
     * Asserts that cutting {@code body} into two chunks at every offset, and feeding it one byte
     * at a time, gives the same values, offset maps and outcome as one chunk; returns the
     * one-chunk result. {@code stride} > 1 tries every stride-th offset only (large bodies).
     */
    public static Result assertChunkingInvariant(String contentType, byte[] body, InspectionLimits limits,
            int stride) {
        Result whole = parse(contentType, body, limits);
        for (int cut = 1; cut < body.length; cut += stride) {
            Result split = parse(contentType, body, limits, cut);
            assertEquals(whole.values(), split.values(), "values with a cut at " + cut);
            assertEquals(whole.outcome(), split.outcome(), "outcome with a cut at " + cut);
        }
        Result bytes = parseByteByByte(contentType, body, limits);
        assertEquals(whole.values(), bytes.values(), "values byte by byte");
        assertEquals(whole.outcome(), bytes.outcome(), "outcome byte by byte");
        return whole;
    }

    public static Result assertChunkingInvariant(String contentType, String body) {
        return assertChunkingInvariant(contentType, body.getBytes(StandardCharsets.UTF_8),
                InspectionLimits.defaults(), 1);
    }

    /** A body of {@code n} pieces drawn from {@code pieces}, for seeded random bodies of a format. */
    public static byte[] randomPieces(java.util.Random random, String[] pieces, int n) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            body.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
        }
        return body.toByteArray();
    }
}
