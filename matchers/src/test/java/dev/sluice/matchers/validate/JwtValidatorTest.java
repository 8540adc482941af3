package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded property: a token passes exactly when its generated header object has an alg member. */
class JwtValidatorTest {
    private static final String[] KEYS = {"typ", "kid", "cty", "x5t", "jku", "zip", "crit", "algo", "xalg", "b64"};
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    static String header(Random rnd, boolean withAlg) {
        List<String> members = new ArrayList<>();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            members.add("\"" + KEYS[rnd.nextInt(KEYS.length)] + "\"" + ws(rnd) + ":" + ws(rnd) + "\"v" + rnd.nextInt(1000) + "\"");
        }
        if (withAlg) {
            members.add("\"alg\"" + ws(rnd) + ":" + ws(rnd) + "\"" + (rnd.nextBoolean() ? "RS256" : "HS512") + "\"");
        }
        Collections.shuffle(members, rnd);
        return ws(rnd) + "{" + ws(rnd) + String.join("," + ws(rnd), members) + ws(rnd) + "}";
    }

    private static String ws(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n  ";
            case 2 -> "\t";
            default -> "";
        };
    }

    static String token(Random rnd, String header) {
        byte[] payload = ("{\"sub\":\"" + rnd.nextInt() + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] sig = new byte[16 + rnd.nextInt(48)];
        rnd.nextBytes(sig);
        return B64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + B64URL.encodeToString(payload) + "."
                + B64URL.encodeToString(sig);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void passesExactlyWhenTheHeaderHasAnAlgMember(long seed) {
        Random rnd = new Random(seed);
        for (int k = 0; k < 2000; k++) {
            boolean withAlg = rnd.nextBoolean();
            String t = token(rnd, header(rnd, withAlg));
            assertEquals(withAlg, JwtValidator.INSTANCE.test(ArrayCandidate.of(t)));
            if (withAlg) {
                assertFalse(GenericSecretValidator.INSTANCE.test(ArrayCandidate.of(t)), "a JWT is never a generic secret");
            }
        }
    }
}
