package dev.sluice.inspector.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.inspector.ByteSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BodyCharsetTest {

    @ParameterizedTest
    @ValueSource(strings = {"utf-16", "UTF-16LE", "utf-16be", "utf-32", "UTF-32LE", "IBM037", "ibm1047", "cp500"})
    void labelsThatDoNotWriteAsciiAsAsciiAreRead(String label) {
        assertNotNull(BodyCharset.declared(label), label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf-8", "UTF8", "us-ascii", "iso-8859-1", "windows-1252", "shift_jis", "gbk", "koi8-r",
            "utf-7", "x-no-such-charset", "", "not a name", "a-label-far-longer-than-any-charset-name-there-is"})
    void asciiCompatibleAndUnknownLabelsLeaveTheBodyAsSent(String label) {
        assertNull(BodyCharset.declared(label), label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "application/grpc", "application/x-protobuf", "multipart/form-data; boundary=x",
            "text/event-stream", "application/octet-stream"})
    void bodiesThatAreNotTextAreNeverReencoded(String contentType) {
        assertNull(BodyCharset.of(contentType), contentType);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"application/json", "text/xml; charset=utf-16", "text/plain", "text/csv", "text/html",
            "application/x-www-form-urlencoded", "application/problem+json"})
    void textAndUnlabelledBodiesAreLookedAt(String contentType) {
        assertNotNull(BodyCharset.of(contentType), String.valueOf(contentType));
    }

    /** Body as hex; what the parser gets is {@code {"a":1}} in UTF-8 whenever a charset is found. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "application/json|fffe7b002200610022003a0031007d00|UTF-16LE|fffe",
            "application/json|feff007b002200610022003a0031007d|UTF-16BE|feff",
            "text/plain; charset=utf-8|fffe7b002200610022003a0031007d00|UTF-16LE|fffe",
            "application/json|007b002200610022003a0031007d|UTF-16BE|-",
            "application/json|7b002200610022003a0031007d00|UTF-16LE|-",
            "-|7b002200610022003a0031007d00|UTF-16LE|-",
            "application/json; charset=utf-16|7b002200610022003a0031007d00|UTF-16LE|-",
            "application/json; charset=utf-16|007b002200610022003a0031007d|UTF-16BE|-",
            "application/json; charset=UTF-32|0000feff0000007b000000220000006100000022"
                    + "0000003a000000310000007d|UTF-32BE|0000feff",
            "application/json|7b000000220000006100000022000000"
                    + "3a000000310000007d000000|UTF-32LE|-",
            "application/json; charset=IBM037|c07f817f7af1d0|IBM037|-",
    })
    void theMarkTheLabelOrTheZeroBytesSayTheCharset(String contentType, String hex, String charset, String mark) {
        BodyCharset cs = BodyCharset.of(contentType);
        ByteArrayOutputStream parsed = new ByteArrayOutputStream();
        byte[] body = HexFormat.of().parseHex(hex);
        ByteSink sink = cs.decoder(sinkInto(parsed));
        for (byte b : body) {
            sink.write(new byte[] {b}, 0, 1);
        }
        sink.end();
        assertEquals(Charset.forName(charset), cs.charset());
        assertArrayEquals(mark == null ? new byte[0] : HexFormat.of().parseHex(mark), cs.byteOrderMark());
        assertEquals("{\"a\":1}", parsed.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "application/json|efbbbf7b7d",
            "application/json|7b226122",
            "text/plain|3a",
            "text/plain|0000",
            "application/json; charset=utf-8|7b2261223a317d",
            "text/plain; charset=utf-8|fffec328e282",
            "text/plain; charset=iso-8859-1|feff4142",
    })
    void utf8AndAsciiBodiesPassAsSent(String contentType, String hex) {
        BodyCharset cs = BodyCharset.of(contentType);
        ByteArrayOutputStream parsed = new ByteArrayOutputStream();
        byte[] body = HexFormat.of().parseHex(hex);
        ByteSink sink = cs.decoder(sinkInto(parsed));
        sink.write(body, 0, body.length);
        sink.end();
        assertNull(cs.charset());
        assertArrayEquals(body, parsed.toByteArray());
    }

    private static ByteSink sinkInto(ByteArrayOutputStream out) {
        return new ByteSink() {
            @Override
            public void write(byte[] buf, int off, int len) {
                out.write(buf, off, len);
            }

            @Override
            public void end() {
            }
        };
    }
}
