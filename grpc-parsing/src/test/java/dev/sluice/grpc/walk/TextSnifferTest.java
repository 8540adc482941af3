package dev.sluice.grpc.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextSnifferTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "68656c6c6f, 0",         // hello
        "6c696e65310a6c696e6532, 0", // line1\nline2
        "c3a4, 0",               // ä
        "e282ac, 0",             // €
        "f09f9880, 0",           // U+1F600
        "610162, 1",             // a, SOH, b
        "c280, 1",               // U+0080, a C1 control
        "7f, 1",                 // DEL
        "ff, 2",
        "c0af, 2",               // overlong '/'
        "e080af, 2",             // overlong
        "eda080, 2",             // surrogate U+D800
        "f4908080, 2",           // above U+10FFFF
        "c3, 2",                 // truncated
        "e282, 2",
        "80, 2",                 // lone continuation
    })
    void classifies(String hex, int expected) {
        byte[] b = java.util.HexFormat.of().parseHex(hex);
        assertEquals(expected, TextSniffer.classify(b, 0, b.length), new String(b, StandardCharsets.UTF_8));
    }
}
