package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.matchers.Direction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An AWS key id in an earlier member of an XML element or a CSV record gives a secret-shaped
 * sibling its AWS context, as it does in one JSON object and on one line of text; a key id in
 * another element or record does not, nor where the secret's own key names another detector
 * ({@code <secret>}: a password field). A child named as labels are ({@code <ParameterKey>})
 * names its element's other children. (JSON's cases: JsonBodyParserTest.)
 */
class SiblingContextTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final String KEY_ID = "AKIA2OGYBAH6STMMNXNN";
    private static final String SECRET = "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";

    private static List<String> secretsFound(String contentType, String body, Chunking chunking) {
        return secretsFound(contentType, body.getBytes(StandardCharsets.UTF_8), chunking);
    }

    private static List<String> secretsFound(String contentType, byte[] b, Chunking chunking) {
        return SessionRuns.inspect(inspector, Direction.RESPONSE, contentType, null, b, chunking).findings().stream()
                .filter(f -> !f.id().equals("aws_access_key_id")).map(f -> f.id() + "@" + f.path()).toList();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "application/xml|<creds><id>%s</id><k>%s</k></creds>|aws_secret_access_key@/creds/k",
        "application/xml|<creds><id>%s</id><secret>%s</secret></creds>|password_field@/creds/secret",
        "application/xml|<a><k><id>%s</id></k><k><v>%s</v></k></a>|",
        "application/xml|<a><id>%s</id><v><w>%s</w></v></a>|",
        "text/csv|id,key\\n%s,%s\\n|aws_secret_access_key@row[0].key",
        "text/csv|id,secret\\n%s,%s\\n|password_field@row[0].secret",
        "text/csv|id,key\\n%s,x\\ny,%s\\n|",
        "application/xml|<r><member><ParameterKey>DbPassword</ParameterKey><ParameterValue>%2$s</ParameterValue>"
                + "</member></r>|password_field@/r/member/ParameterValue",
        "application/xml|<r><s><Name>api_token</Name></s><s><Value>%2$s</Value></s></r>|",
    })
    void aKeyIdGivesContextToItsLaterSiblingsOnly(String contentType, String shape, String expected) {
        String body = shape.replace("\\n", "\n").formatted(KEY_ID, SECRET);
        List<String> want = expected == null ? List.of() : List.of(expected);
        assertEquals(want, secretsFound(contentType, body, Chunking.whole()));
        assertEquals(want, secretsFound(contentType, body, Chunking.at("every byte", everyByte(body.getBytes(
                StandardCharsets.UTF_8)))));
    }

    /**
     * Read without a schema, a protobuf message's fields are siblings as a JSON object's members
     * are: {@code 1: key id, 2: secret} gives the secret its AWS context; the key id one message
     * down ({@code 1: {1: key id}}) or in a repeated element of its own does not.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "same message|aws_secret_access_key@2",
        "nested message|",
        "previous element|",
    })
    void aProtobufMessagesFieldsAreSiblings(String shape, String expected) {
        byte[] keyId = field(1, KEY_ID.getBytes(StandardCharsets.US_ASCII));
        byte[] secret = field(2, SECRET.getBytes(StandardCharsets.US_ASCII));
        byte[] message = switch (shape) {
            case "same message" -> concat(keyId, secret);
            case "nested message" -> concat(field(1, keyId), secret);
            default -> concat(field(3, keyId), field(3, secret)); // two elements of repeated field 3
        };
        List<String> want = expected == null ? List.of() : List.of(expected);
        assertEquals(want, secretsFound("application/x-protobuf", message, Chunking.whole()));
        assertEquals(want, secretsFound("application/x-protobuf", message,
                Chunking.at("every byte", everyByte(message))));
    }

    /** A length-delimited field: tag, one-byte length, payload. */
    private static byte[] field(int number, byte[] payload) {
        return concat(new byte[] {(byte) (number << 3 | 2), (byte) payload.length}, payload);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] everyByte(byte[] body) {
        int[] cuts = new int[body.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }
}
