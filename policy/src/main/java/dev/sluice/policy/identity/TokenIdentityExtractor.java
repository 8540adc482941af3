package dev.sluice.policy.identity;

import dev.sluice.matchers.ValueHasher;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the token of a request and turns it into a {@link TokenIdentity}; the token itself is
 * only ever a local variable here. Looks at {@code Authorization: Bearer}, then the configured
 * headers (a {@code Bearer } prefix is dropped), then the configured cookies; the first found
 * is used.
 *
 * <p>A JWT is named by the first configured claim it has ({@code sub=alice}), optionally
 * prefixed with its issuer ({@code iss=https://idp.example;sub=alice}). The JWT is decoded, not
 * verified: this attributes traffic, it does not authenticate anyone. A token that is not a
 * readable JWT, or has none of the claims, is named {@code h:} + the first 16 hex digits of
 * HMAC-SHA256 under the configured key. Claim values are cut to 128 characters and control
 * characters become {@code ?}. Never throws on any header value.
 */
public final class TokenIdentityExtractor {
    public static final List<String> DEFAULT_CLAIMS = List.of("sub", "client_id", "azp");
    static final String HASH_PREFIX = "h:";
    static final int HASH_HEX_DIGITS = 16;
    static final int MAX_CLAIM = 128;

    private final List<String> headers;
    private final List<String> cookies;
    private final List<String> claims;
    private final Set<String> wanted;
    private final boolean withIssuer;
    private final ValueHasher hasher;

    public TokenIdentityExtractor(List<String> headers, List<String> cookies, List<String> claims,
                                  boolean withIssuer, ValueHasher hasher) {
        this.headers = headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.cookies = List.copyOf(cookies);
        this.claims = List.copyOf(claims);
        Set<String> w = new LinkedHashSet<>(claims);
        if (withIssuer) {
            w.add("iss");
        }
        this.wanted = Set.copyOf(w);
        this.withIssuer = withIssuer;
        this.hasher = hasher;
    }

    public TokenIdentity extract(HeaderLookup request) {
        String token = bearer(request.first("authorization"));
        for (int i = 0; token == null && i < headers.size(); i++) {
            String v = request.first(headers.get(i));
            token = v == null ? null : stripBearer(v);
        }
        if (token == null && !cookies.isEmpty()) {
            token = cookie(request.first("cookie"));
        }
        return token == null || token.isEmpty() ? TokenIdentity.NONE : identify(token);
    }

    /** The identity of a token a front end already holds. */
    public TokenIdentity identify(String token) {
        if (token == null || token.isEmpty()) {
            return TokenIdentity.NONE;
        }
        Map<String, String> found = claims.isEmpty() ? null : JwtClaimReader.read(token, wanted);
        if (found != null) {
            for (String c : claims) {
                String v = found.get(c);
                if (v != null && !v.isEmpty()) {
                    String iss = withIssuer ? found.get("iss") : null;
                    String named = c + "=" + clean(v);
                    return new TokenIdentity(TokenIdentity.Kind.JWT_CLAIM,
                            iss == null ? named : "iss=" + clean(iss) + ";" + named);
                }
            }
        }
        byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
        String hex = hasher.hash(bytes, 0, bytes.length);
        return new TokenIdentity(TokenIdentity.Kind.KEYED_HASH, HASH_PREFIX + hex.substring(0, HASH_HEX_DIGITS));
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.strip();
        return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).strip() : null;
    }

    private static String stripBearer(String v) {
        String b = bearer(v);
        return b != null ? b : v.strip();
    }

    /** The first configured cookie present in a {@code Cookie} header. */
    private String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String want : cookies) {
            int i = 0;
            while (i < header.length()) {
                int end = header.indexOf(';', i);
                end = end < 0 ? header.length() : end;
                int eq = header.indexOf('=', i);
                if (eq > 0 && eq < end && header.substring(i, eq).strip().equals(want)) {
                    String v = header.substring(eq + 1, end).strip();
                    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                        v = v.substring(1, v.length() - 1);
                    }
                    return v;
                }
                i = end + 1;
            }
        }
        return null;
    }

    private static String clean(String v) {
        int n = Math.min(v.length(), MAX_CLAIM);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "TokenIdentityExtractor[headers=" + headers + ", cookies=" + cookies + ", claims=" + claims
                + (withIssuer ? ", with issuer" : "") + "]";
    }
}
