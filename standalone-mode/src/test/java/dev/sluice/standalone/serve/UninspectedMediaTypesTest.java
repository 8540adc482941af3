package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class UninspectedMediaTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "IMAGE/JPEG; q=1", " video/mp4 ", "audio/ogg", "font/woff2",
            "application/vnd.ms-fontobject", "application/zip", "application/gzip"})
    void binaryMediaPassUninspected(String type) {
        assertTrue(UninspectedMediaTypes.skips(type), type);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "application/json", "text/html; charset=utf-8", "image/svg+xml",
            "application/grpc", "application/octet-stream", "multipart/form-data; boundary=x", "imagex/png"})
    void everythingElseIsInspected(String type) {
        assertFalse(UninspectedMediaTypes.skips(type), String.valueOf(type));
    }
}
