package dev.sluice.inspector.multipart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.inspector.ByteSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class TransferDecodingTest {

    /** Seeded bytes, MIME base64 (76-column lines) or quoted-printable, cut anywhere: the bytes come back. */
    @RepeatedTest(100)
    void anyCutGivesTheBytesBack(RepetitionInfo info) {
        Random random = new Random(info.getCurrentRepetition());
        byte[] data = new byte[random.nextInt(5000)];
        random.nextBytes(data);
        boolean base64 = random.nextBoolean();
        byte[] wire = base64 ? Base64.getMimeEncoder().encode(data) : quotedPrintable(data);
        assertArrayEquals(data, decode(base64 ? PartHeaders.TransferEncoding.BASE64
                : PartHeaders.TransferEncoding.QUOTED_PRINTABLE, wire, random), base64 ? "base64" : "quoted-printable");
    }

    @Test
    void malformedQuotedPrintableStaysAsWritten() {
        byte[] wire = "a=G1b=4=\r\nc=3d=".getBytes(StandardCharsets.US_ASCII);
        assertEquals("a=G1b=4c==", new String(decode(PartHeaders.TransferEncoding.QUOTED_PRINTABLE, wire,
                new Random(1)), StandardCharsets.US_ASCII));
    }

    @Test
    void base64SkipsWhatIsNotItsAlphabetAndEndsAShortGroup() {
        byte[] wire = "SGVs\r\nbG8*gd29y!bGQ".getBytes(StandardCharsets.US_ASCII);
        assertEquals("Hello world", new String(decode(PartHeaders.TransferEncoding.BASE64, wire, new Random(2)),
                StandardCharsets.US_ASCII));
    }

    private static byte[] decode(PartHeaders.TransferEncoding encoding, byte[] wire, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteSink sink = TransferDecoding.wrap(encoding, new ByteSink() {
            @Override
            public void write(byte[] buf, int off, int len) {
                out.write(buf, off, len);
            }

            @Override
            public void end() {
            }
        });
        for (int at = 0; at < wire.length; ) {
            int n = Math.min(wire.length - at, 1 + random.nextInt(9));
            sink.write(wire, at, n);
            at += n;
        }
        sink.end();
        return out.toByteArray();
    }

    /** RFC 2045 §6.7: printable ASCII but {@code =} as is, the rest as {@code =XX}, soft breaks every 60 or so. */
    private static byte[] quotedPrintable(byte[] data) {
        StringBuilder b = new StringBuilder();
        int column = 0;
        for (byte x : data) {
            int v = x & 0xff;
            String piece = v >= 33 && v <= 126 && v != '=' ? String.valueOf((char) v) : String.format("=%02X", v);
            if (column + piece.length() > 72) {
                b.append("=\r\n");
                column = 0;
            }
            b.append(piece);
            column += piece.length();
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
