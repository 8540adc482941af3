package dev.sluice.inspector.delta;

import dev.sluice.matchers.Continuations;

/**
 * Bodies that follow one another as the documents of one stream: a WebSocket's messages in one
 * direction, each inspected in a session of its own. A language model's realtime API streams its
 * answer a few bytes per message ({@code {"type":"response.text.delta","delta":"41"}}), so a card
 * number arrives as pieces no single message shows whole. A session opened with a sequence
 * ({@link dev.sluice.inspector.BodySpec.Builder#sequence}) joins the strings on delta paths of
 * its JSON body to what the same paths sent in the bodies before, as {@link DeltaContext} does
 * within one event stream: the finding is made in the body that completes it, its start lies
 * before that body's offset 0, and a rewriting session masks the part the body itself carries. A
 * match that grows a finding an earlier body reported ({@code jane@mail.co} + {@code m}) is not
 * reported again, but its part in the later body is masked.
 *
 * <p>What it keeps is bounded as within one stream: at most {@value DeltaChannels#MAX_CHANNELS}
 * paths, each a tail of at most {@value DeltaTail#HOLD} bytes, twice over while a body is read
 * (the state the body found, for {@link #lastBodyAgain}). Not thread-safe: the bodies of one
 * sequence are read one after the other, by one thread at a time.
 */
public final class MessageSequence {
    private final DeltaChannels channels;
    private final Continuations findings;
    /** The channels and the findings as the last body found them. */
    private DeltaChannels channelsBefore;
    private Continuations findingsBefore;
    /** How long the last body was, as far as its offsets reach (0 when it did not say), and the one before. */
    private long lastLength;
    private long lengthBefore;

    public MessageSequence() {
        this(new DeltaChannels(), new Continuations(), 0);
    }

    private MessageSequence(DeltaChannels channels, Continuations findings, long lastLength) {
        this.channels = channels;
        this.findings = findings;
        this.lastLength = lastLength;
    }

    /**
     * A sequence in the state the last body began in, to read that body again (a held message's
     * rewriting pass) and find what its first reading found; reading it leaves this one as it is.
     */
    public MessageSequence lastBodyAgain() {
        return channelsBefore == null ? new MessageSequence()
                : new MessageSequence(channelsBefore.copy(), findingsBefore.copy(), lengthBefore);
    }

    /**
     * The next body begins; called once per body by the inspection session that reads it, which
     * gives its matcher the findings returned, those of the bodies before.
     */
    public Continuations nextBody() {
        channelsBefore = channels.copy();
        findingsBefore = findings.copy();
        lengthBefore = lastLength;
        findings.nextBody(channels.nextBody(lastLength));
        lastLength = 0;
        return findings;
    }

    /**
     * The body ended, its offsets reaching {@code length} bytes (its wire bytes, or its decoded
     * bytes where findings count in those): the next body begins after them. Called by the
     * inspection session that read it.
     */
    public void bodyEnded(long length) {
        lastLength = length;
    }

    /** The channels the current body joins to. */
    DeltaChannels channels() {
        return channels;
    }
}
