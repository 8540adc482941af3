package dev.sluice.inspector.text;

import dev.sluice.matchers.FieldContext;
import dev.sluice.matchers.ForwardingValueSink;
import dev.sluice.matchers.ValueSink;

/**
 * Decodes the percent escapes of the URLs that markup and CSV values hold ({@code <a
 * href="https://app/unsubscribe?email=jane%40corp.io">}, a CSV column of links) before they
 * reach the matchers: each escape goes on as one decoded byte over its three wire bytes, so a
 * finding covers the value as sent and a redaction masks it in place. The parsers hand a value
 * over in runs cut wherever their chunks or their own escapes fall, so an escape may be split
 * between two runs: {@link PercentEscape} holds its first one or two bytes until the next run,
 * and passes them on as they are when that does not continue it (another escape of the
 * markup's own, the value's end). A {@code %} not followed by two hex digits stays as written.
 * Not thread-safe; one per parser.
 */
final class PercentDecodingSink extends ForwardingValueSink {
    private final PercentEscape escape = new PercentEscape();

    PercentDecodingSink(ValueSink next) {
        super(next);
    }

    @Override
    public void beginValue(FieldContext field) {
        escape.clear();
        super.beginValue(field);
    }

    @Override
    public void verbatim(byte[] buf, int off, int len, long wireOffset) {
        ValueSink next = next();
        int end = off + len;
        int run = off;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (!escape.pending()) {
                if (b == '%') {
                    if (i > run) {
                        next.verbatim(buf, run, i - run, wireOffset + (run - off));
                    }
                    escape.start(wireOffset + (i - off));
                    run = i + 1;
                }
                continue;
            }
            switch (escape.offer(b)) {
                case HELD -> run = i + 1;
                case DECODED -> {
                    escape.emitDecoded(next);
                    run = i + 1;
                }
                case NOT_AN_ESCAPE -> {
                    escape.emitHeld(next);
                    run = i;
                    i--; // b may start an escape of its own
                }
            }
        }
        if (end > run) {
            next.verbatim(buf, run, end - run, wireOffset + (run - off));
        }
    }

    @Override
    public void escaped(byte[] buf, int off, int len, long wireStart, long wireEnd) {
        releaseHeld();
        super.escaped(buf, off, len, wireStart, wireEnd);
    }

    @Override
    public void endValue() {
        releaseHeld();
        super.endValue();
    }

    /** A held {@code %} or {@code %X} that nothing continued is text. */
    private void releaseHeld() {
        if (escape.pending()) {
            escape.emitHeld(next());
        }
    }
}
