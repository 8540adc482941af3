package dev.sluice.standalone.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes an {@link ExchangeEvent} as one JSON object on one line (field order fixed, see
 * {@code EVENTS.md}). Jackson's generator escapes every string, so a control character, quote or
 * line break that a client put into a path cannot break the line or forge a field; characters
 * beyond ASCII are escaped too, so the log is ASCII whatever the wire carried.
 */
final class EventJson {
    /** RFC 3339 in UTC with milliseconds: {@code 2026-01-02T03:04:05.678Z}. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private EventJson() {
    }

    static String toJson(ExchangeEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            write(e, out);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Writes {@code e} to {@code out} without a line end; {@code out} is not closed. */
    static void write(ExchangeEvent e, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("time", TIME.format(e.time()));
            g.writeStringField("exchangeId", e.exchangeId());
            g.writeStringField("direction", e.direction().label());
            g.writeStringField("mode", e.mode().label());
            g.writeStringField("route", e.route());
            g.writeStringField("sourceService", e.sourceService());
            g.writeStringField("destinationService", e.destinationService());
            if (e.token().isPresent()) {
                g.writeObjectFieldStart("token");
                g.writeStringField("kind", e.token().kind().label());
                g.writeStringField("id", e.token().value());
                g.writeEndObject();
            } else {
                g.writeNullField("token");
            }
            g.writeStringField("method", e.method());
            g.writeStringField("path", e.path());
            g.writeNumberField("status", e.status());
            g.writeStringField("action", e.action().label());
            g.writeStringField("delivery", e.delivery().label());
            g.writeStringField("reason", e.reason());
            if (e.outcome() != null) {
                g.writeStringField("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
            }
            g.writeArrayFieldStart("findings");
            for (EventFinding f : e.findings()) {
                g.writeStartObject();
                g.writeStringField("id", f.id());
                g.writeStringField("category", f.category().label());
                g.writeStringField("path", f.path());
                g.writeNumberField("count", f.count());
                g.writeStringField("valueHash", f.valueHash());
                g.writeStringField("preview", f.preview());
                g.writeStringField("action", f.action().label());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("findingsDropped", e.findingsDropped());
            g.writeEndObject();
        }
    }
}
