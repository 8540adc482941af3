package dev.sluice.grpc.reflect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MethodPathTest {

    @Test
    void splitsServiceAndMethod() {
        assertEquals(new MethodPath("pkg.v1.Service", "Get_2"), MethodPath.parse("/pkg.v1.Service/Get_2"));
        assertEquals(new MethodPath("Service", "M"), MethodPath.parse("/Service/M"));
        assertEquals(new MethodPath("_a._b", "_c"), MethodPath.parse("/_a._b/_c"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "//", "/a", "/a/", "//m", "a/b", "/a/b/c", "/a.b/", "/.a/m", "/a./m",
            "/a..b/m", "/a b/m", "/a/m ", "/a/m?x=1", "/1a/m", "/a/1m", "/a-b/m", "/a/é", "/a.b.c/m\n",
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo/"})
    void rejectsMalformedPaths(String path) {
        assertNull(MethodPath.parse(path));
    }

    @Test
    void rejectsNullAndOverlongPaths() {
        assertNull(MethodPath.parse(null));
        String longest = "/" + "a".repeat(MethodPath.MAX_LENGTH - 3) + "/m";
        assertEquals(MethodPath.MAX_LENGTH, longest.length());
        assertEquals("m", MethodPath.parse(longest).method());
        assertNull(MethodPath.parse("/a" + longest.substring(1)));
    }

    /** Random paths over the characters that matter never throw and agree with a slow reference. */
    @RepeatedTest(200)
    void agreesWithAReferenceOnRandomPaths(RepetitionInfo repetition) {
        Random random = new Random(0xfa7eL * repetition.getCurrentRepetition());
        String alphabet = "/._aZ09 -";
        StringBuilder path = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            path.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        String p = path.toString();
        MethodPath parsed = MethodPath.parse(p);
        boolean expected = p.matches("/([A-Za-z_][A-Za-z0-9_]*)(\\.[A-Za-z_][A-Za-z0-9_]*)*/[A-Za-z_][A-Za-z0-9_]*");
        assertEquals(expected, parsed != null, p);
    }
}
