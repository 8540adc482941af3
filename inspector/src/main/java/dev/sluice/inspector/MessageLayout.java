package dev.sluice.inspector;

/**
 * Where the protobuf messages of a body and their values lie, told by the gRPC parser of a
 * rewriting session so that an edited message can be re-encoded whole (its length prefixes
 * change). Offsets are body offsets as the parser sees them.
 */
public interface MessageLayout {

    /**
     * A message whose frame (header included when framed) starts at {@code frameStart} begins;
     * its payload is on the wire from {@code payloadStart} on, or nowhere ({@code -1}: it is
     * compressed). A finding in it is edited by its wire bytes where it has them (a string's
     * percent escapes make them longer than its decoded bytes), else by its decoded ones.
     */
    void messageStart(long frameStart, boolean framed, long payloadStart);

    /** The next value begun lies at {@code [startInMessage, endInMessage)} of the decoded message. */
    void value(int startInMessage, int endInMessage);

    /**
     * The next value begun is text decoded out of the value at {@code [startInMessage,
     * endInMessage)} (base64 of text, a gzip stream): each of its bytes stands for all of that
     * value, so a finding in it replaces the value whole.
     */
    void decodedValue(int startInMessage, int endInMessage);

    /** The message ended at {@code frameEnd}; {@code buf[off, off + len)} is its decoded form, borrowed. */
    void messageEnd(long frameEnd, byte[] buf, int off, int len);
}
