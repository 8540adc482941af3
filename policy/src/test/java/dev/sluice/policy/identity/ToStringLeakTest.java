package dev.sluice.policy.identity;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.DecisionRequest;
import dev.sluice.policy.select.RouteKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The raw token never shows in the text form of anything that saw it. */
class ToStringLeakTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void noTypeThatSawATokenPrintsIt(boolean jwt) {
        String token = jwt ? TokenIdentityExtractorTest.jwt("{\"alg\":\"RS256\"}", "{\"sub\":\"alice\"}")
                : "tok_4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99";
        String secretPart = jwt ? token.substring(token.lastIndexOf('.') + 1) : token;
        IdentityPolicy policy = IdentityPolicy.builder().tokenHeader("x-api-key").tokenCookie("session").build();
        TokenIdentityExtractor x = policy.tokenExtractor(TokenIdentityExtractorTest.KEY);
        HeaderLookup headers = HeaderLookup.of(Map.of("authorization", "Bearer " + token));
        TokenIdentity id = x.extract(headers);
        DecisionRequest req = new DecisionRequest(RouteKey.http("h", "/", "GET", Direction.RESPONSE), "a", "b", id,
                List.of());
        for (Object o : List.of(id, x, policy, req, id.kind())) {
            String s = o.toString();
            assertFalse(s.contains(token), () -> o.getClass().getSimpleName() + " printed the token: " + s);
            assertFalse(s.contains(secretPart), () -> o.getClass().getSimpleName() + " printed part of the token: " + s);
        }
    }
}
