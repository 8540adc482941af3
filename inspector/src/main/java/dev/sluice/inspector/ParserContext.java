package dev.sluice.inspector;

import dev.sluice.inspector.delta.MessageSequence;
import dev.sluice.matchers.ValueSink;

/**
 * What a body parser needs besides its input: where values go, the limits, where to record
 * outcomes, and a way to open a parser for an embedded body (a multipart part, the rest of a
 * malformed JSON body scanned as text).
 */
public interface ParserContext {

    /**
     * The content type to {@link #open} a body with that looks like JSON but was not labelled so
     * (guessed by {@link GuessingBodyParser}, an event's data): read as JSON, but a body that turns
     * out not to be is read as text without a parse failure.
     */
    String GUESSED_JSON = "application/x-sluice-guessed+json";

    /** The sink every value of this body goes to. */
    ValueSink sink();

    /**
     * The sink for values written in {@code syntax}, when the parser writes values in more than
     * one (a JSON number and a JSON string); the same as {@link #sink()} unless the body is
     * rewritten.
     */
    default ValueSink sinkFor(ValueSyntax syntax) {
        return sink();
    }

    /** Whether the body is rewritten: parsers then report {@link #consumedTo} and message layouts. */
    default boolean rewriting() {
        return false;
    }

    /**
     * Whether names (a form's field names, a JSON object's member names) are read as values of
     * their own as well, for attacks an application echoes or binds: in a request whose
     * inspection rewrites nothing. A name is never redacted, and a response's names are its
     * service's own.
     */
    default boolean readsNames() {
        return false;
    }

    /**
     * Whether the body's own parser reads a body with no Content-Type that opens with a form field
     * as a form ({@link GuessingBodyParser#looksLikeForm}): a request's. A document read inside
     * another body is never guessed a form.
     */
    default boolean guessesForms() {
        return false;
    }

    /** No value of this body starts before {@code offset} (a parser finished its tokens so far). */
    default void consumedTo(long offset) {
    }

    /**
     * A rewriting session is to hold body bytes from wire offset {@code offset} on, until a later
     * call moves the mark or the body ends ({@code Long.MAX_VALUE} lifts it): streamed text a
     * finding made with the next pieces could still cover.
     */
    default void holdFrom(long offset) {
    }

    /** Where protobuf messages lie, for a rewriting session's top-level gRPC parser; else null. */
    default MessageLayout messageLayout() {
        return null;
    }

    InspectionLimits limits();

    /** What a parser charges a long token in progress to ({@link HeldMemory}); unbounded unless a session says. */
    default HeldMemory heldMemory() {
        return HeldMemory.unbounded();
    }

    OutcomeRecorder outcomes();

    /** How to read protobuf messages of this body, or null when the front end said nothing. */
    default ProtobufSpec protobuf() {
        return null;
    }

    /** The sequence of bodies this body continues ({@link BodySpec#sequence}), or null. */
    default MessageSequence sequence() {
        return null;
    }

    /**
     * Opens a parser for an embedded body of {@code contentType} whose first byte sits at
     * {@code baseOffset} of the outer body; {@code name} (a part name, or null) becomes the
     * parent key of its values. {@code depth} is the nesting level of the embedded body
     * (outer body = 0); the context answers with a raw-text parser when it is too deep.
     */
    ByteSink open(String contentType, long baseOffset, String name, int depth);

    /**
     * Opens a part of a container that carries its own label, as {@link #open} does, but read as
     * JSON or XML when its first bytes show it is and its label says only text, HTML or nothing
     * known, as a whole body is: an upload of {@code report.json} as {@code text/plain} or
     * {@code application/octet-stream} is parsed by the service that reads it.
     */
    default ByteSink openPart(String contentType, long baseOffset, String name, int depth) {
        return BodyParsers.openPart(this, contentType, baseOffset, name, depth);
    }
}
