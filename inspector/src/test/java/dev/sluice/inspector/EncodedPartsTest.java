package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A form field hidden from a byte-reading WAF by how its part is written: base64 or
 * quoted-printable under {@code Content-Transfer-Encoding}, or a charset that is not ASCII. A
 * session that only inspects (the verdict of a held request) reads the part as a server that
 * honours those headers does, at any chunking; a rewriting session scans it as sent.
 */
class EncodedPartsTest {
    private static final String ATTACK = "0 UNION SELECT username, password FROM users--";

    @ParameterizedTest
    @ValueSource(strings = {"base64", "quoted-printable", "ibm037", "utf-16le"})
    void anAttackInAnEncodedPartIsFound(String form) {
        byte[] body = multipart(form);
        Random random = new Random(form.hashCode());
        for (int round = 0; round < 20; round++) {
            Chunking chunking = round == 0 ? Chunking.whole() : Chunking.random(random, body.length);
            InspectionResult r = SessionRuns.inspect(BuiltinEngine.inspector(), Direction.REQUEST,
                    "multipart/form-data; boundary=zz", null, body, chunking);
            assertEquals(List.of("attack.sqli"), r.findings().stream().map(Finding::id).distinct().toList(),
                    form + ", " + chunking.name());
            assertEquals(List.of("q"), r.findings().stream().map(Finding::path).distinct().toList(),
                    "a text part is found under its name, as the same field of an urlencoded form is");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base64", "quoted-printable", "ibm037"})
    void aRewritingSessionForwardsTheEncodedPartAsItCame(String form) {
        byte[] body = multipart(form);
        byte[] out = RewritingSessionTest.rewrite(BuiltinEngine.inspector(), BodySpec.builder(Direction.REQUEST)
                .contentType("multipart/form-data; boundary=zz").build(), RewritingSessionTest.ALL, body, new int[0]);
        assertArrayEquals(body, out);
    }

    private static byte[] multipart(String form) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String head = "--zz\r\nContent-Disposition: form-data; name=\"q\"\r\n";
        byte[] value = switch (form) {
            case "base64" -> {
                head += "Content-Transfer-Encoding: base64\r\n";
                yield Base64.getMimeEncoder().encode(ATTACK.getBytes(StandardCharsets.US_ASCII));
            }
            case "quoted-printable" -> {
                head += "Content-Transfer-Encoding: quoted-printable\r\n";
                StringBuilder q = new StringBuilder();
                for (char c : ATTACK.toCharArray()) {
                    q.append(String.format("=%02X", (int) c));
                    if (q.length() % 60 < 3) {
                        q.append("=\r\n");
                    }
                }
                yield q.toString().getBytes(StandardCharsets.US_ASCII);
            }
            default -> {
                head += "Content-Type: text/plain; charset=" + form + "\r\n";
                yield ATTACK.getBytes(Charset.forName(form));
            }
        };
        b.writeBytes((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(value);
        b.writeBytes("\r\n--zz--\r\n".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }
}
