package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class GzipDecodingSinkTest {
    private static final byte[] TEXT = Encodings.text(5_000, 11);

    @Test
    void multiMemberStreamDecodesAsOneBodyAtEveryChunkSize() {
        byte[] a = Encodings.text(2_000, 1);
        byte[] b = Encodings.randomBytes(500, 2);
        byte[] c = Encodings.text(40_000, 3);
        byte[] body = Encodings.concat(Encodings.gzip(a), Encodings.gzip(b), Encodings.gzip(new byte[0]), Encodings.gzip(c));
        for (int chunk = 1; chunk <= 17; chunk++) {
            int size = chunk;
            Decoding d = Decoding.run("gzip", s -> Feeding.inChunksOf(s, body, size));
            assertEquals(Outcome.COMPLETE, d.outcomes.outcome(), "chunk " + size);
            assertArrayEquals(Encodings.concat(a, b, c), d.down.bytes(), "chunk " + size);
        }
    }

    @Test
    void optionalHeaderFieldsAreSkippedAndHeaderCrcChecked() {
        byte[] member = memberWithAllHeaderFields(TEXT, false);
        for (int chunk = 1; chunk <= 17; chunk++) {
            int size = chunk;
            Decoding d = Decoding.run("gzip", s -> Feeding.inChunksOf(s, member, size));
            assertEquals(Outcome.COMPLETE, d.outcomes.outcome(), "chunk " + size);
            assertArrayEquals(TEXT, d.down.bytes());
        }
    }

    @Test
    void wrongHeaderCrcIsADecodingError() {
        Decoding d = Decoding.run("gzip", memberWithAllHeaderFields(TEXT, true));
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
        assertEquals(0, d.down.delivered());
    }

    @Test
    void everyStrictPrefixIsTruncated() {
        byte[] gz = Encodings.gzip(Encodings.text(3_000, 5));
        for (int cut = 1; cut < gz.length; cut++) {
            Decoding d = Decoding.run("gzip", Arrays.copyOf(gz, cut));
            assertEquals(Outcome.TRUNCATED, d.outcomes.outcome(), "cut at " + cut);
            assertEquals(1, d.down.ends());
        }
    }

    @Test
    void bodyEndingBetweenMembersIsComplete() {
        byte[] gz = Encodings.gzip(TEXT);
        Decoding d = Decoding.run("gzip", Encodings.concat(gz, gz));
        assertEquals(Outcome.COMPLETE, d.outcomes.outcome());
        assertArrayEquals(Encodings.concat(TEXT, TEXT), d.down.bytes());
    }

    @Test
    void emptyBodyIsComplete() {
        Decoding d = Decoding.run("gzip", new byte[0]);
        assertEquals(Outcome.COMPLETE, d.outcomes.outcome());
        assertEquals(1, d.down.ends());
    }

    @Test
    void garbageIsADecodingError() {
        Decoding d = Decoding.run("gzip", "{\"plain\": \"json, not gzip\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
        assertTrue(d.outcomes.detail().startsWith("gzip: "), d.outcomes.detail());
        assertEquals(0, d.down.delivered());
        assertEquals(1, d.down.ends());
    }

    @Test
    void corruptDeflateDataIsADecodingError() {
        byte[] gz = Encodings.gzip(TEXT);
        for (int i = 10; i < 20; i++) {
            gz[i] = (byte) 0xff;
        }
        Decoding d = Decoding.run("gzip", gz);
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
    }

    @Test
    void crcAndLengthMismatchesAreDecodingErrors() {
        byte[] badCrc = Encodings.gzip(TEXT);
        badCrc[badCrc.length - 8] ^= 1;
        assertEquals(Outcome.DECODING_ERROR, Decoding.run("gzip", badCrc).outcomes.outcome());
        byte[] badSize = Encodings.gzip(TEXT);
        badSize[badSize.length - 1] ^= 1;
        Decoding d = Decoding.run("gzip", badSize);
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
        assertTrue(d.outcomes.detail().contains("ISIZE"), d.outcomes.detail());
    }

    @Test
    void reservedFlagBitsAreRejected() {
        byte[] gz = Encodings.gzip(TEXT);
        gz[3] |= (byte) 0x80;
        assertEquals(Outcome.DECODING_ERROR, Decoding.run("gzip", gz).outcomes.outcome());
    }

    @Test
    void bytesAfterTheLastMemberAreADecodingError() {
        byte[] gz = Encodings.gzip(TEXT);
        Decoding zeros = Decoding.run("gzip", Encodings.concat(gz, new byte[16]));
        assertEquals(Outcome.DECODING_ERROR, zeros.outcomes.outcome());
        assertArrayEquals(TEXT, zeros.down.bytes(), "the complete member is still delivered");
        Decoding text = Decoding.run("gzip", Encodings.concat(gz, "appended".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Outcome.DECODING_ERROR, text.outcomes.outcome());
    }

    @Test
    void afterATerminalOutcomeInputIsDroppedAndEndIsCalledOnce() {
        Decoding d = new Decoding("gzip");
        byte[] garbage = "not gzip at all".getBytes(StandardCharsets.US_ASCII);
        d.sink.write(garbage, 0, garbage.length);
        byte[] valid = Encodings.gzip(TEXT);
        d.sink.write(valid, 0, valid.length);
        d.sink.end();
        d.sink.end();
        assertEquals(Outcome.DECODING_ERROR, d.outcomes.outcome());
        assertEquals(1, d.outcomes.problems());
        assertEquals(0, d.down.delivered());
        assertEquals(1, d.down.ends());
    }

    /** One member with FEXTRA, FNAME, FCOMMENT and FHCRC set (RFC 1952 §2.3.1). */
    private static byte[] memberWithAllHeaderFields(byte[] data, boolean breakHeaderCrc) {
        byte[] plain = Encodings.gzip(data);
        byte[] deflateAndTrailer = Arrays.copyOfRange(plain, 10, plain.length);
        byte[] fixed = {0x1f, (byte) 0x8b, 8, 0x1e, 1, 2, 3, 4, 0, 3};
        byte[] extra = {5, 0, 'A', 'B', 1, 0, 9};
        byte[] name = "report.json\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] comment = "a comment that is rather long, to span many chunks\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] header = Encodings.concat(fixed, extra, name, comment);
        CRC32 crc = new CRC32();
        crc.update(header);
        int crc16 = (int) crc.getValue() & 0xffff;
        if (breakHeaderCrc) {
            crc16 ^= 0x0101;
        }
        byte[] hcrc = {(byte) crc16, (byte) (crc16 >>> 8)};
        return Encodings.concat(header, hcrc, deflateAndTrailer);
    }
}
