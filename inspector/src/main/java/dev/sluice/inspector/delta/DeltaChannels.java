package dev.sluice.inspector.delta;

import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ForwardingValueSink;
import dev.sluice.matchers.ValueSink;
import java.util.Set;

/**
 * Joins the pieces of text a stream sends one JSON document at a time: a language model's API
 * streams its answer a few bytes per server-sent event or NDJSON line
 * ({@code $.choices[0].delta.content}, {@code $.delta.text}, {@code $.message.content}), so a card
 * number arrives as three or four values, none of which is a card. Each string value on a delta
 * path gets the last bytes its path sent before replayed in front of it
 * ({@link ValueSink#context}), so the matcher finds what crosses documents, once.
 *
 * <p>A delta path is one with a segment named {@code delta}, or a value whose own key is one of
 * {@link #TEXT_KEYS}, the names these APIs stream text under. A record feed repeating whole
 * values under other keys ({@code $.email} per event) is not joined: its values are whole, and
 * joining two would make one value of their junction. A path under a {@code delta} object whose
 * value is the same in two documents running ({@code $.delta.type}) is not joined either; a text
 * key's pieces always are, since tokens repeat. At most {@value #MAX_CHANNELS} paths are
 * followed, the least recently used giving way, {@value #MAX_OPEN_PARTS} at most keeping a
 * match still open beyond the base tail ({@link DeltaTail}). The bytes replayed stay within
 * twice the stream's own plus {@value #REPLAY_ALLOWANCE}, and those of longer replays for open
 * matches within {@value #EXTENSION_FACTOR} times plus {@value #EXTENSION_ALLOWANCE}: a stream of
 * tiny documents repeating one key cannot make the matcher scan a tail for every few bytes it
 * sends beyond a fixed multiple of the stream.
 */
final class DeltaChannels {
    static final int MAX_CHANNELS = 8;
    static final Set<String> TEXT_KEYS = Set.of("text", "content", "delta", "partial_json", "arguments", "thinking",
            "completion", "response");

    /** Bytes a stream may have replayed beyond twice its own: the first values' tails in full. */
    static final int REPLAY_ALLOWANCE = 4096;

    /**
     * Bytes beyond {@value DeltaTail#BASE} a stream may have replayed for matches still open,
     * beyond {@value #EXTENSION_FACTOR} times its own: a private key streamed a few bytes per
     * event is replayed whole with every piece, about four to eight times the stream's bytes.
     */
    static final int EXTENSION_FACTOR = 16;
    static final int EXTENSION_ALLOWANCE = 64 * 1024;

    /**
     * Channels that may keep an open word or block beyond the base tail at once: a stream holds
     * at most this many tails of up to {@value DeltaTail#HOLD} bytes, the others
     * {@value DeltaTail#BASE} and a buffer's worth.
     */
    static final int MAX_OPEN_PARTS = 2;

    private final DeltaTail[] channels = new DeltaTail[MAX_CHANNELS];
    /**
     * Bytes replayed so far, the first {@value DeltaTail#BASE} of each and beyond, and the
     * furthest offset a value reached. Offsets here and in the tails count from the first body of
     * the sequence ({@link #nextBody}); a body's own wire offsets are {@link #origin} less.
     */
    private long replayed;
    private long extended;
    private long streamEnd;
    private long origin;
    private int count;
    private long clock;

    /**
     * The next body of a sequence begins (a WebSocket's next message, {@link MessageSequence})
     * after one of {@code lastLength} bytes (0 when unknown): its wire offsets count from the end
     * of the last one, or of the last one's values if they reached further, so every byte a
     * replay brings from an earlier body lies before its offset 0. Returns how far after the last
     * body's start it begins.
     */
    long nextBody(long lastLength) {
        long shift = Math.max(streamEnd - origin, lastLength);
        origin += shift;
        streamEnd = origin;
        return shift;
    }

    /** A copy in this state, that changes apart from it (a held body read again). */
    DeltaChannels copy() {
        DeltaChannels c = new DeltaChannels();
        for (int i = 0; i < count; i++) {
            c.channels[i] = channels[i].copy();
        }
        c.replayed = replayed;
        c.extended = extended;
        c.streamEnd = streamEnd;
        c.origin = origin;
        c.count = count;
        c.clock = clock;
        return c;
    }

    /** {@code next} with string values on delta paths joined to their earlier pieces, holding nothing back. */
    ValueSink through(ValueSink next) {
        return through(next, 0, offset -> { });
    }

    /**
     * {@code next} with string values on delta paths joined, and after each such value
     * {@code holdFrom} told where the pieces of its path's last {@code holdBytes} bytes begin
     * (none when 0): a rewriting session holds them so a finding the next pieces complete is
     * masked in every piece. Only the path written last holds: one a stream stopped writing must
     * not stall it.
     */
    ValueSink through(ValueSink next, int holdBytes, java.util.function.LongConsumer holdFrom) {
        return new Joining(next, Math.min(holdBytes, DeltaTail.BASE), holdFrom);
    }

    /**
     * How much of a replay of {@code wanted} bytes the stream may still afford: up to
     * {@value DeltaTail#BASE} from one budget; the rest of a longer one (an open token or block)
     * from another, whole or not at all, since a part of it could not show the match whole.
     */
    private int allowance(int wanted) {
        int base = (int) Math.max(0, Math.min(Math.min(wanted, DeltaTail.BASE),
                2 * streamEnd + REPLAY_ALLOWANCE - replayed));
        replayed += base;
        int extra = wanted - base;
        if (wanted <= DeltaTail.BASE || EXTENSION_FACTOR * streamEnd + EXTENSION_ALLOWANCE - extended < extra) {
            return base;
        }
        extended += extra;
        return wanted;
    }

    /** How many channels keep an open part beyond the base tail. */
    private int openParts() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (channels[i].holdsOpenPart()) {
                n++;
            }
        }
        return n;
    }

    /** The channel of a delta path (made, or taking the least recently used one's place); null for any other path. */
    private DeltaTail channel(FieldContext field, StringBuilder path) {
        boolean text = TEXT_KEYS.contains(field.key());
        if (!text && !hasDeltaSegment(path)) {
            return null;
        }
        clock++;
        int oldest = 0;
        for (int i = 0; i < count; i++) {
            if (channels[i].path.contentEquals(path)) {
                channels[i].lastUse = clock;
                return channels[i];
            }
            if (channels[i].lastUse < channels[oldest].lastUse) {
                oldest = i;
            }
        }
        DeltaTail t = new DeltaTail(path.toString(), text);
        t.lastUse = clock;
        channels[count < MAX_CHANNELS ? count++ : oldest] = t;
        return t;
    }

    /** A {@code .delta} segment: followed by another segment, an index, or nothing. */
    static boolean hasDeltaSegment(CharSequence path) {
        for (int i = path.length() - 6; i >= 0; i--) {
            if (path.charAt(i) == '.' && path.charAt(i + 1) == 'd' && path.charAt(i + 2) == 'e'
                    && path.charAt(i + 3) == 'l' && path.charAt(i + 4) == 't' && path.charAt(i + 5) == 'a') {
                int after = i + 6;
                if (after == path.length() || path.charAt(after) == '.' || path.charAt(after) == '[') {
                    return true;
                }
            }
        }
        return false;
    }

    private final class Joining extends ForwardingValueSink {
        private final StringBuilder path = new StringBuilder(64);
        private final int holdBytes;
        private final java.util.function.LongConsumer holdFrom;
        private DeltaTail current;

        Joining(ValueSink next, int holdBytes, java.util.function.LongConsumer holdFrom) {
            super(next);
            this.holdBytes = holdBytes;
            this.holdFrom = holdFrom;
        }

        @Override
        public void beginValue(FieldContext field) {
            super.beginValue(field);
            path.setLength(0);
            if (field.hasPathParts()) {
                FieldContext.renderPath(field.pathPrefix(), field.pathSegment(), field.pathIndex(), path);
            } else {
                path.append(field.path());
            }
            current = channel(field, path);
            if (current != null) {
                // Tiny events of one repeated key must not turn each few bytes into a tail's worth of scanning.
                current.replayInto(next(), allowance(current.wanted()), origin);
                current.begin(current.holdsOpenPart() || openParts() < MAX_OPEN_PARTS);
            }
        }

        @Override
        public void verbatim(byte[] buf, int off, int len, long wireOffset) {
            super.verbatim(buf, off, len, wireOffset);
            long start = origin + wireOffset;
            streamEnd = Math.max(streamEnd, start + len);
            if (current != null) {
                current.add(buf, off, len, start, start + len);
            }
        }

        @Override
        public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
            super.escaped(buf, off, len, wireStart, wireEnd);
            streamEnd = Math.max(streamEnd, origin + wireEnd);
            if (current != null) {
                current.add(buf, off, len, origin + wireStart, origin + wireEnd);
            }
        }

        @Override
        public void endValue() {
            super.endValue();
            if (current != null) {
                current.end();
                if (holdBytes > 0) {
                    long from = current.wireStartOfLast(holdBytes);
                    // Pieces an earlier body sent have left with it: hold what this one has of them.
                    holdFrom.accept(from == Long.MAX_VALUE ? from : Math.max(0, from - origin));
                }
                current = null;
            }
        }
    }
}
