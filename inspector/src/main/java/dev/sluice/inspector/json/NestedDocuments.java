package dev.sluice.inspector.json;

import dev.sluice.inspector.ParserContext;
import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.PathPrefix;
import dev.sluice.matchers.ValueSink;

/**
 * The sink of a form's values (an urlencoded body, a request target's query) that reads a value
 * holding a document as the document, as a JSON string holding one is read
 * ({@link JsonBodyParser}): a JSON object or array ({@code payload={"card":…}}, a GraphQL GET's
 * {@code variables}) and, under the name {@code query}, a GraphQL document (GraphQL over GET,
 * {@code ?query={users(q:"…"){id}}}). The service decodes such a value and reads its members, so
 * an attack in one of them is whole there; read as one line of text it is not.
 *
 * <p>A value whose first byte that is not blank opens an object or array, or any value named
 * {@code query}, is held decoded, with each byte's wire span, until it ends; then it is parsed as
 * the document it turns out to be (paths continue the field's: {@code payload.card},
 * {@code query.users(q)}), or passed on whole as the value it was. One longer than
 * {@value #MAX_HELD_BYTES} decoded bytes is passed on as it comes from there, as text. Values
 * are held only where nothing is rewritten ({@link #around}): a replacement inside a document
 * inside a form value would have to be written for both.
 */
public final class NestedDocuments implements ValueSink {
    /** Longest value held to be read as a document; a form value longer than this is text. */
    public static final int MAX_HELD_BYTES = 16 * 1024;

    private enum State {
        /** Between values, or passing one on as it comes. */
        PASSING,
        /** Holding a value until its first byte that is not blank says what it may be. */
        DECIDING,
        /** Holding a value that may be a document. */
        HOLDING
    }

    private final ParserContext ctx;
    private final ValueSink out;
    private final FieldContext field = new FieldContext();
    /** The held value, made when a first value is held (most queries hold none). */
    private DecodedString held;
    private ValueSink replay;
    private State state = State.PASSING;

    private NestedDocuments(ParserContext ctx) {
        this.ctx = ctx;
        this.out = Base64Values.around(ctx, ctx.sink());
    }

    /**
     * The sink a form parser of {@code ctx} writes its values to: this one, unless the body is
     * rewritten; either way in front of {@link Base64Values}, which reads base64 values whole.
     */
    public static ValueSink around(ParserContext ctx) {
        return ctx.rewriting() || ctx.limits().maxNestedDocuments() < 1 ? Base64Values.around(ctx, ctx.sink())
                : new NestedDocuments(ctx);
    }

    @Override
    public void beginValue(FieldContext f) {
        if (f.isMemberName() || f.key() == null) {
            out.beginValue(f);
            return;
        }
        // The form's own field is reused for its next value; the held value keeps its own copy.
        field.clear().key(f.key()).parentKey(f.parentKey());
        field.path().append(f.path());
        if (held == null) {
            held = new DecodedString();
            replay = held.translating(out);
        }
        held.clear();
        state = JsonBodyParser.GRAPHQL_MEMBER.equals(f.key()) ? State.HOLDING : State.DECIDING;
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        if (state == State.DECIDING) {
            decide(buf, off, len);
        }
        if (state == State.PASSING) {
            out.verbatim(buf, off, len, wireOffset);
        } else {
            held.verbatim(buf, off, len, wireOffset);
            limit();
        }
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        if (state == State.DECIDING) {
            decide(buf, off, len);
        }
        if (state == State.PASSING) {
            out.escaped(buf, off, len, wireStart, wireEnd);
        } else {
            held.escaped(buf, off, len, wireStart, wireEnd);
            limit();
        }
    }

    @Override
    public void context(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        out.context(buf, off, len, wireStart, wireEnd);
    }

    @Override
    public void endValue() {
        if (state != State.PASSING && !readAsDocument()) {
            pass();
        }
        if (state == State.PASSING) {
            out.endValue();
        }
        state = State.PASSING;
    }

    @Override
    public boolean skipsNumber(FieldContext f, int length) {
        return out.skipsNumber(f, length);
    }

    /**
     * The value's first byte that is not blank, if these bytes hold it, says whether it may be a
     * document: it is held when it opens an object or array, and passed on from here otherwise.
     */
    private void decide(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (!JsonWhitespace.is(b)) {
                if (b == '{' || b == '[') {
                    state = State.HOLDING;
                } else {
                    pass();
                }
                return;
            }
        }
    }

    /** Past {@value #MAX_HELD_BYTES} bytes a value is passed on as it comes. */
    private void limit() {
        if (held.length > MAX_HELD_BYTES) {
            pass();
        }
    }

    /** Begins the held value as itself and replays what was held of it. */
    private void pass() {
        out.beginValue(field);
        if (held.length > 0) {
            replay.verbatim(held.bytes, 0, held.length, 0);
        }
        held.clear();
        state = State.PASSING;
    }

    /** Parses the held value as the document it is; false when it is none (nothing was sent on). */
    private boolean readAsDocument() {
        String path = field.path().toString();
        if (held.looksLikeJson()) {
            // Values of a form have no container: the document's own count from depth 1.
            JsonBodyParser.parseNested(ctx, held, field.key(), 1, PathPrefix.of(path), 1);
            return true;
        }
        return JsonBodyParser.GRAPHQL_MEMBER.equals(field.key())
                && JsonBodyParser.parseNestedGraphql(ctx, held, field.key(), path + ".");
    }
}
