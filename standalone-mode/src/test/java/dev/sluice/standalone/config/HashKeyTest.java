package dev.sluice.standalone.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashKeyTest {
    private static final byte[] VALUE = "4111111111111111".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aKeyFileGivesTheSameHashesEveryTimeAndALineEndIsNotPartOfTheKey(@TempDir Path dir) throws Exception {
        Path withNewline = dir.resolve("a.key");
        Path without = dir.resolve("b.key");
        Files.writeString(withNewline, "0123456789abcdef0123456789abcdef\r\n");
        Files.writeString(without, "0123456789abcdef0123456789abcdef");
        SluiceConfig config = SluiceConfigLoader.load("", "sluice.yaml", null,
                Map.of("SLUICE_HASH_KEY_FILE", withNewline.toString()));
        HashKey a = HashKey.load(config);
        HashKey b = HashKey.fromFile(without);
        assertFalse(a.isGenerated());
        assertEquals(a.hasher().hash(VALUE, 0, VALUE.length), b.hasher().hash(VALUE, 0, VALUE.length));
        assertEquals("hash key: from " + withNewline, a.describe());
    }

    @Test
    void withoutAFileEachProcessDrawsItsOwnKeyAndSaysSo() throws Exception {
        HashKey a = HashKey.load(SluiceConfig.defaults());
        HashKey b = HashKey.random();
        assertTrue(a.isGenerated());
        assertNotEquals(a.hasher().hash(VALUE, 0, VALUE.length), b.hasher().hash(VALUE, 0, VALUE.length));
        assertTrue(a.describe().contains("generated a random key"), a.describe());
        assertTrue(a.describe().contains("SLUICE_HASH_KEY_FILE"), a.describe());
    }

    @Test
    void aShortOrMissingKeyIsAnErrorThatNeverShowsTheFilesContent(@TempDir Path dir) throws Exception {
        Path shortKey = dir.resolve("short.key");
        Files.writeString(shortKey, "hunter2secret\n");
        ConfigException e = assertThrows(ConfigException.class, () -> HashKey.fromFile(shortKey));
        assertEquals(shortKey + ":1:1: the hash key must be 16 to 4096 bytes, not 13", e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        Path big = dir.resolve("big.key");
        Files.write(big, new byte[5000]);
        assertTrue(assertThrows(ConfigException.class, () -> HashKey.fromFile(big)).getMessage().endsWith("not more"));
        ConfigException missing = assertThrows(ConfigException.class, () -> HashKey.fromFile(dir.resolve("none")));
        assertTrue(missing.getMessage().contains("NoSuchFileException"), missing.getMessage());
        assertEquals("HashKey[generated]", HashKey.random().toString());
        assertEquals(Optional.empty(), SluiceConfig.defaults().hashKeyFile());
    }
}
