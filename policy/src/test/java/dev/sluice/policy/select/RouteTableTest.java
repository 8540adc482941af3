package dev.sluice.policy.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.matchers.Direction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** "Most specific wins", one rule at a time, and independent of declaration order. */
class RouteTableTest {
    private static RouteKey http(String host, String path, String method) {
        return RouteKey.http(host, path, method, Direction.RESPONSE);
    }

    private static RouteTable<String> table(List<String> order, RouteMatch... matches) {
        List<Integer> idx = new ArrayList<>();
        for (String name : order) {
            idx.add(Integer.parseInt(name));
        }
        RouteTable.Builder<String> b = RouteTable.builder("fallback");
        for (int i : idx) {
            b.add(matches[i], String.valueOf(i));
        }
        return b.build();
    }

    private static RouteTable<String> table(RouteMatch... matches) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < matches.length; i++) {
            order.add(String.valueOf(i));
        }
        return table(order, matches);
    }

    @Test
    void exactPathBeatsGlob() {
        RouteTable<String> t = table(RouteMatch.builder().path("/cards/*").build(),
                RouteMatch.builder().path("/cards/export").build());
        assertEquals("1", t.select(http("h", "/cards/export", "GET")));
        assertEquals("0", t.select(http("h", "/cards/list", "GET")));
    }

    @Test
    void longerGlobBeatsShorter() {
        RouteTable<String> t = table(RouteMatch.builder().path("/api/**").build(),
                RouteMatch.builder().path("/api/v1/cards/**").build());
        assertEquals("1", t.select(http("h", "/api/v1/cards/9", "GET")));
        assertEquals("0", t.select(http("h", "/api/v1/users/9", "GET")));
    }

    @Test
    void methodSpecificBeatsAnyMethod() {
        RouteTable<String> t = table(RouteMatch.builder().path("/cards").build(),
                RouteMatch.builder().path("/cards").method("POST").build());
        assertEquals("1", t.select(http("h", "/cards", "POST")));
        assertEquals("0", t.select(http("h", "/cards", "GET")));
    }

    @Test
    void grpcMethodBeatsService() {
        RouteTable<String> t = table(RouteMatch.builder().grpc("acme.Pay", null).build(),
                RouteMatch.builder().grpc("acme.Pay", "Charge").build());
        assertEquals("1", t.select(RouteKey.grpc("h", "/acme.Pay/Charge", null, null, Direction.RESPONSE)));
        assertEquals("0", t.select(RouteKey.grpc("h", "/acme.Pay/Refund", null, null, Direction.RESPONSE)));
        assertEquals("fallback", t.select(RouteKey.grpc("h", "/acme.Other/Charge", null, null, Direction.RESPONSE)));
    }

    @Test
    void grpcServiceBeatsACatchAllPath() {
        RouteTable<String> t = table(RouteMatch.builder().path("/**").build(),
                RouteMatch.builder().grpc("acme.Pay", null).build());
        assertEquals("1", t.select(RouteKey.grpc("h", "/acme.Pay/Charge", null, null, Direction.RESPONSE)));
    }

    @Test
    void exactHostBeatsGlobHostBeatsNone() {
        RouteTable<String> t = table(RouteMatch.builder().path("/x/**").build(),
                RouteMatch.builder().host("*.acme.io").build(), RouteMatch.builder().host("api.acme.io").build());
        assertEquals("2", t.select(http("api.acme.io", "/x/1", "GET")));
        assertEquals("1", t.select(http("web.acme.io", "/x/1", "GET")));
        assertEquals("0", t.select(http("other.io", "/x/1", "GET")));
    }

    @Test
    void directionSpecificBeatsBoth() {
        RouteTable<String> t = table(RouteMatch.builder().path("/x").build(),
                RouteMatch.builder().path("/x").direction(Direction.REQUEST).build());
        assertEquals("1", t.select(RouteKey.http("h", "/x", "GET", Direction.REQUEST)));
        assertEquals("0", t.select(RouteKey.http("h", "/x", "GET", Direction.RESPONSE)));
    }

    @Test
    void tiesGoToTheRouteDeclaredFirst() {
        RouteTable<String> t = table(RouteMatch.builder().path("/a/*").build(), RouteMatch.builder().path("/*/b").build());
        assertEquals("0", t.select(http("h", "/a/b", "GET")));
    }

    @Test
    void nothingMatchingGivesTheFallback() {
        assertEquals("fallback", table(RouteMatch.builder().path("/a").build()).select(http("h", "/b", "GET")));
    }

    /** The winner does not depend on the order routes are declared in, when specificities differ. */
    @RepeatedTest(10)
    void declarationOrderDoesNotChangeAStrictWinner(RepetitionInfo info) {
        RouteMatch[] ms = {
            RouteMatch.builder().path("/**").build(),
            RouteMatch.builder().path("/api/**").build(),
            RouteMatch.builder().path("/api/v1/*").build(),
            RouteMatch.builder().path("/api/v1/cards").build(),
            RouteMatch.builder().path("/api/v1/cards").method("GET").build(),
            RouteMatch.builder().host("api.acme.io").build(),
        };
        List<String> order = new ArrayList<>(List.of("0", "1", "2", "3", "4", "5"));
        Collections.shuffle(order, new Random(31L * info.getCurrentRepetition()));
        RouteTable<String> t = table(order, ms);
        assertEquals("5", t.select(http("api.acme.io", "/api/v1/cards", "GET")));
        assertEquals("4", t.select(http("web.acme.io", "/api/v1/cards", "GET")));
        assertEquals("3", t.select(http("web.acme.io", "/api/v1/cards", "POST")));
        assertEquals("2", t.select(http("web.acme.io", "/api/v1/users", "POST")));
        assertEquals("1", t.select(http("web.acme.io", "/api/v2/users", "POST")));
        assertEquals("0", t.select(http("web.acme.io", "/web", "POST")));
    }
}
