package dev.sluice.matchers.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code attack.deserialization} on what the JSON vectors cannot hold: raw binary streams as
 * a request body carries them (through the detector's triggers and validator), every gadget
 * name of the validator's list reaching a trigger, and seeded random binary and base64 data,
 * which must never be taken for a serialized object.
 */
class DeserializationValidatorTest {
    private static final String ID = "attack.deserialization";
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // java.util.HashMap written by ObjectOutputStream
        "aced0005737200116a6176612e7574696c2e486173684d61700507dac1c31660d10300024600",
        // BinaryFormatter's header record, then a library record
        "0001000000ffffffff01000000000000000c020000005e4d6963726f736f6674",
        // pickle.dumps(os.system('id') reducer), protocols 2 and 4
        "800263706f7369780a73797374656d0a71005802000000696471018571025271032e",
        "8004951d000000000000008c05706f736978948c0673797374656d9493948c02696494859452942e"})
    void aRawStreamAsABodyIsAnAttack(String hex) {
        byte[] body = HEX.parseHex(hex);
        assertTrue(AttackTriggers.get().detect(body).contains(ID), hex);
        byte[] inText = concat("payload: ".getBytes(StandardCharsets.US_ASCII), body);
        // Java and .NET streams are found anywhere; a pickle only from the value's start.
        assertEquals(!hex.startsWith("80"), AttackTriggers.get().detect(inText).contains(ID), hex);
    }

    /** A value made of pickle heads costs one bounded pass: at most 16 of its tokens are decoded. */
    @Test
    void manyPickleHeadsAreReadBoundedly() {
        String harmless = Base64.getEncoder().encodeToString(HEX.parseHex("800495" + "00".repeat(60)));
        String dangerous = Base64.getEncoder().encodeToString(
                HEX.parseHex("8004951d000000000000008c05706f736978948c0673797374656d9493948c02696494859452942e"));
        String many = (harmless + " ").repeat(SerializedStreams.MAX_PICKLE_TOKENS);
        assertFalse(has(many + " x"));
        assertTrue(has(dangerous + " " + many));
        assertFalse(has(many + dangerous), "past the decoding budget");
    }

    @Test
    void everyGadgetNameFiresATriggerAndIsConfirmed() {
        List<String> missed = new ArrayList<>();
        for (byte[] name : GadgetClassNames.NAMES) {
            String full = new String(name, StandardCharsets.US_ASCII);
            if (full.endsWith(".")) {
                full += "invokertransformer";
            }
            String value = "{\"@type\":\"" + full + "\",\"x\":1}";
            if (!AttackTriggers.get().detect(value.getBytes(StandardCharsets.US_ASCII)).contains(ID)) {
                missed.add(full);
            }
        }
        assertTrue(missed.isEmpty(), "gadget names no trigger leads to: " + missed);
    }

    /** Random bytes (an upload) and their base64 (an image in JSON) hold no serialized object. */
    @RepeatedTest(40)
    void randomBinaryAndBase64AreNotSerializedObjects(RepetitionInfo rep) {
        SplittableRandom random = new SplittableRandom(0x5EEDL + rep.getCurrentRepetition());
        byte[] bytes = new byte[6 * 1024];
        random.nextBytes(bytes);
        assertFalse(AttackTriggers.get().detect(bytes).contains(ID), "random binary, seed " + rep.getCurrentRepetition());
        byte[] text = (Base64.getEncoder().encodeToString(bytes) + " " + Base64.getUrlEncoder().encodeToString(bytes))
                .getBytes(StandardCharsets.US_ASCII);
        assertFalse(DeserializationValidator.detect(text, 0, text.length, AttackScratch.get()),
                "random base64, seed " + rep.getCurrentRepetition());
    }

    @Test
    void aBase64StreamIsReadOnlyFromItsTokensStart() {
        String java = Base64.getEncoder().encodeToString(HEX.parseHex("aced00057372000e6a6176612e6c616e67"));
        assertTrue(has(java));
        assertTrue(has("session=" + java));
        assertFalse(has("QUJD" + java), "inside a longer run");
    }

    @Test
    void aJdkClassCountsOnlyUnderFastjsonsTypeKey() {
        byte[] v = "java.net.URL".getBytes(StandardCharsets.US_ASCII);
        assertTrue(DeserializationValidator.jdkClass(v, 0, v.length));
        byte[] descriptor = " Ljava.lang.Class; ".getBytes(StandardCharsets.US_ASCII);
        assertTrue(DeserializationValidator.jdkClass(descriptor, 0, descriptor.length));
        byte[] sentence = "java.net is a package".getBytes(StandardCharsets.US_ASCII);
        assertFalse(DeserializationValidator.jdkClass(sentence, 0, sentence.length));
        assertEquals("@type", DeserializationValidator.TYPE_KEY);
    }

    private static boolean has(String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        return DeserializationValidator.detect(b, 0, b.length, AttackScratch.get());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
