package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A key's last word, as {@code exclude_last_word} reads it, and the rule it drives. */
class ContextRuleLastWordTest {
    private static final ContextRule SECRET_LIKE = new ContextRule(List.of(), List.of("token", "secret", "credential"),
            List.of(), List.of(), List.of("id", "ids"), List.of(), 4, true, false);

    @ParameterizedTest
    @CsvSource({
        "credentialsId, Id, false",
        "token_id, id, false",
        "TOKEN_ID, ID, false",
        "tokenIDs, IDs, false",
        "secret.id, id, false",
        "'user[token_id]', id, false",
        "real_secret_which_isnt_an_i_d, d, true",
        "android_token, token, true",
        "client_secret, secret, true",
        "tokenValid, Valid, true",
        "'api-token-', token, true",
    })
    void theLastWordOfAKeyDecidesTheExclusion(String key, String last, boolean secretLike) {
        assertEquals(last, ContextRule.lastWord(key));
        assertEquals(secretLike, SECRET_LIKE.matchesKey(key, ContextRule.normalize(key)));
    }
}
