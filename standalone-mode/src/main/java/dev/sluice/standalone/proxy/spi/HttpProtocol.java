package dev.sluice.standalone.proxy.spi;

import java.util.Locale;
import java.util.Optional;

/** The HTTP versions the proxy speaks to clients. */
public enum HttpProtocol {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1"),
    /** HTTP/2 over cleartext TCP (h2c), by prior knowledge or by {@code Upgrade: h2c}. */
    HTTP_2("HTTP/2");

    private final String wireName;

    HttpProtocol(String wireName) {
        this.wireName = wireName;
    }

    /** The name as in a request line or in CRS's {@code ALLOWED_HTTP_VERSIONS}: {@code HTTP/1.1}. */
    public String wireName() {
        return wireName;
    }

    /**
     * Reads a version name as CRS lists them: {@code HTTP/1.0}, {@code HTTP/1.1}, {@code HTTP/2}
     * or {@code HTTP/2.0} (case-insensitive); empty for anything else.
     */
    public static Optional<HttpProtocol> parse(String name) {
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "HTTP/1.0" -> Optional.of(HTTP_1_0);
            case "HTTP/1.1" -> Optional.of(HTTP_1_1);
            case "HTTP/2", "HTTP/2.0" -> Optional.of(HTTP_2);
            default -> Optional.empty();
        };
    }
}
