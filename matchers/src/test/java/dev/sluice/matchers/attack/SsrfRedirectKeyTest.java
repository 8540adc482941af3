package dev.sluice.matchers.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.matchers.validate.ArrayCandidate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An internal address where a parameter names a browser's next stop (OAuth's loopback
 * {@code redirect_uri}, RFC 8252 §7.3) is no server-side request; metadata endpoints and raw
 * protocols are still attacks there, and the same address under any other key still is.
 */
class SsrfRedirectKeyTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "redirect_uri, http://localhost:3000/callback, false",
        "REDIRECT_URI, http://127.0.0.1:8400/cb, false",
        "return_to, http://10.0.0.5/dashboard, false",
        "next, http://localhost/admin, false",
        "redirect_uri, http://169.254.169.254/latest/meta-data/, true",
        "redirect_uri, gopher://127.0.0.1:6379/_FLUSHALL, true",
        "url, http://localhost:3000/callback, true",
        "webhook, http://10.0.0.5/hook, true",
        ", http://localhost/admin, true",
    })
    void aRedirectTargetIsNotAFetchTarget(String key, String value, boolean attack) {
        assertEquals(attack, SsrfTargetValidator.INSTANCE.test(ArrayCandidate.of(value).key(key)));
    }
}
