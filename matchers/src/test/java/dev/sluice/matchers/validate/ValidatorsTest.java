package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

    @Test
    void namesListsEveryValidator() {
        assertEquals(Set.of("card", "luhn", "ssn", "iban", "aba", "ipv4", "ipv6", "email", "phone", "date", "passport", "jwt",
                "github_checksum", "npm_checksum", "entropy", "min_length", "max_length", "not_placeholder", "password_value",
                "generic_secret", "aws_secret", "aws_key_id", "basic_auth_url", "slack_webhook", "openai", "word_boundary",
                "token_boundary", "pem_body"), Validators.names());
        assertThrows(UnsupportedOperationException.class, () -> Validators.names().add("x"));
    }

    @Test
    void unknownNameFailsWithTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Validators.named("luhnn"));
        assertTrue(e.getMessage().contains("'luhnn'"));
        assertTrue(e.getMessage().contains("card") && e.getMessage().contains("token_boundary"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Validators.named(""));
        assertThrows(IllegalArgumentException.class, () -> Validators.named(null));
    }

    @Test
    void statelessValidatorsAreSingletonsAndTakeNoArgument() {
        assertSame(Validators.named("card"), Validators.named("card"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Validators.named("card:16"));
        assertTrue(e.getMessage().contains("takes no argument"));
    }

    @Test
    void argumentsAreParsedAndChecked() {
        assertTrue(Validators.named("entropy").test(ArrayCandidate.of("abcdefgh")));
        assertFalse(Validators.named("entropy:3.5").test(ArrayCandidate.of("abcdefgh")));
        assertTrue(Validators.named("min_length:3").test(ArrayCandidate.of("abc")));
        assertFalse(Validators.named("max_length:2").test(ArrayCandidate.of("abc")));
        for (String bad : new String[] {"entropy:", "entropy:x", "entropy:0", "entropy:8.5", "entropy:NaN", "min_length",
            "min_length:", "min_length:-1", "max_length:1.5", "max_length:ten"}) {
            assertThrows(IllegalArgumentException.class, () -> Validators.named(bad), bad);
        }
    }

    @Test
    void andCombinesValidators() {
        ByteValidator v = Validators.named("min_length:16").and(Validators.named("not_placeholder"));
        assertTrue(v.test(ArrayCandidate.of("k3J9sLq0Zp2Xv7Yt")));
        assertFalse(v.test(ArrayCandidate.of("****************")));
        assertFalse(v.test(ArrayCandidate.of("k3J9")));
    }

    @Test
    void alternativesPassWhenAnyPasses() {
        ByteValidator ip = Validators.named("ipv4|ipv6");
        assertTrue(ip.test(ArrayCandidate.of("192.0.2.1")));
        assertTrue(ip.test(ArrayCandidate.of("2001:db8::1")));
        assertFalse(ip.test(ArrayCandidate.of("127.0.0.1")));
        assertFalse(ip.test(ArrayCandidate.of("::1")));
        assertTrue(Validators.named("min_length:3|luhn").test(ArrayCandidate.of("abc")));
        for (String bad : new String[] {"ipv4|", "|ipv4", "ipv4||ipv6", "ipv4|nope"}) {
            assertThrows(IllegalArgumentException.class, () -> Validators.named(bad), bad);
        }
    }
}
