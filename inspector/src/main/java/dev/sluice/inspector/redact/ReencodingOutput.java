package dev.sluice.inspector.redact;

import dev.sluice.inspector.decode.BodyCharset;
import dev.sluice.inspector.decode.Transcoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A rewriting session's output for a body its {@link BodyCharset} re-encoded to UTF-8 for
 * inspection: written back in the body's own charset, its byte order mark first, so that the
 * forwarded body keeps the charset its head names. A body read as sent passes through. Bytes the
 * rewriter leaves alone come back as they were; a mask is re-encoded like any text.
 */
public final class ReencodingOutput implements BodyOutput {
    private final BodyOutput out;
    private final BodyCharset charset;
    private Transcoder transcoder;
    private boolean started;

    public ReencodingOutput(BodyOutput out, BodyCharset charset) {
        this.out = out;
        this.charset = charset;
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        if (!started) {
            // The rewriter writes only what its parser was fed: the charset is known by now.
            started = true;
            Charset c = charset.charset();
            if (c != null) {
                byte[] mark = charset.byteOrderMark();
                if (mark.length > 0) {
                    out.write(mark, 0, mark.length);
                }
                transcoder = new Transcoder(StandardCharsets.UTF_8, c, out::write);
            }
        }
        if (transcoder != null) {
            transcoder.write(buf, off, len);
        } else {
            out.write(buf, off, len);
        }
    }

    /** The output ended: writes what a character cut at the end left (a body of only a mark: the mark). */
    public void finish() {
        if (!started) {
            write(new byte[0], 0, 0);
        }
        if (transcoder != null) {
            transcoder.end();
        }
    }
}
