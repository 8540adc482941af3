package dev.sluice.policy.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads chosen top-level claims of a compact JWS ({@code header.payload.signature}) without
 * verifying it. The header must be a JSON object with {@code alg}; only string and integer
 * claims are taken. Segments longer than {@value #MAX_SEGMENT} characters, characters outside
 * base64url, and JSON that does not parse all give null: the caller then hashes the token.
 */
final class JwtClaimReader {
    static final int MAX_SEGMENT = 16 * 1024;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(MAX_SEGMENT)
                    .maxNumberLength(64).build())
            .build();

    private JwtClaimReader() {
    }

    /** The wanted claims present in {@code token}'s payload, or null when it is not a readable JWS. */
    static Map<String, String> read(String token, Set<String> wanted) {
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0 || dot2 == dot1 + 1) {
            return null;
        }
        byte[] header = decode(token, 0, dot1);
        byte[] payload = decode(token, dot1 + 1, dot2);
        if (header == null || payload == null) {
            return null;
        }
        Map<String, String> h = topLevel(header, Set.of("alg"));
        if (h == null || !h.containsKey("alg")) {
            return null;
        }
        return topLevel(payload, wanted);
    }

    /** base64url without padding; null for anything a strict decoder would reject. */
    private static byte[] decode(String s, int from, int to) {
        int len = to - from;
        if (len == 0 || len > MAX_SEGMENT || len % 4 == 1) {
            return null;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return null;
            }
        }
        return Base64.getUrlDecoder().decode(s.substring(from, to));
    }

    private static Map<String, String> topLevel(byte[] json, Set<String> wanted) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Map<String, String> out = new HashMap<>();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ((v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) && wanted.contains(name)) {
                    out.putIfAbsent(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
            return p.currentToken() == JsonToken.END_OBJECT ? out : null;
        } catch (IOException | RuntimeException e) {
            // Garbage in a token is the sender's problem: the caller falls back to hashing.
            return null;
        }
    }
}
