package dev.sluice.standalone.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes an {@link ExchangeEvent} as one JSON object on one line (field order fixed, see
 * {@code EVENTS.md}). Jackson's generator escapes every string, so a control character, quote or
 * line break that a client put into a path cannot break the line or forge a field; characters
 * beyond ASCII are escaped too, so the log is ASCII whatever the wire carried. Field names are
 * encoded once ({@link SerializedString}): an event of a body with forty findings writes three
 * hundred of them.
 */
final class EventJson {
    private static final EventTime TIME = new EventTime();
    private static final SerializableString F_TIME = name("time");
    private static final SerializableString F_EXCHANGE_ID = name("exchangeId");
    private static final SerializableString F_REQUEST_ID = name("requestId");
    private static final SerializableString F_TRACE_ID = name("traceId");
    private static final SerializableString F_DIRECTION = name("direction");
    private static final SerializableString F_MODE = name("mode");
    private static final SerializableString F_ROUTE = name("route");
    private static final SerializableString F_SOURCE = name("sourceService");
    private static final SerializableString F_DESTINATION = name("destinationService");
    private static final SerializableString F_TOKEN = name("token");
    private static final SerializableString F_KIND = name("kind");
    private static final SerializableString F_METHOD = name("method");
    private static final SerializableString F_PATH = name("path");
    private static final SerializableString F_STATUS = name("status");
    private static final SerializableString F_ACTION = name("action");
    private static final SerializableString F_DELIVERY = name("delivery");
    private static final SerializableString F_REASON = name("reason");
    private static final SerializableString F_OUTCOME = name("outcome");
    private static final SerializableString F_FINDINGS = name("findings");
    private static final SerializableString F_ID = name("id");
    private static final SerializableString F_CATEGORY = name("category");
    private static final SerializableString F_COUNT = name("count");
    private static final SerializableString F_VALUE_HASH = name("valueHash");
    private static final SerializableString F_PREVIEW = name("preview");
    private static final SerializableString F_RULE = name("rule");
    private static final SerializableString F_DROPPED = name("findingsDropped");
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
            text(g, F_TIME, TIME.format(e.time()));
            text(g, F_EXCHANGE_ID, e.exchangeId());
            text(g, F_REQUEST_ID, e.requestId());
            text(g, F_TRACE_ID, e.traceId());
            text(g, F_DIRECTION, e.direction().label());
            text(g, F_MODE, e.mode().label());
            text(g, F_ROUTE, e.route());
            text(g, F_SOURCE, e.sourceService());
            text(g, F_DESTINATION, e.destinationService());
            g.writeFieldName(F_TOKEN);
            if (e.token().isPresent()) {
                g.writeStartObject();
                text(g, F_KIND, e.token().kind().label());
                text(g, F_ID, e.token().value());
                g.writeEndObject();
            } else {
                g.writeNull();
            }
            text(g, F_METHOD, e.method());
            text(g, F_PATH, e.path());
            g.writeFieldName(F_STATUS);
            g.writeNumber(e.status());
            text(g, F_ACTION, e.action().label());
            text(g, F_DELIVERY, e.delivery().label());
            text(g, F_REASON, e.reason());
            if (e.outcome() != null) {
                text(g, F_OUTCOME, e.outcome().label());
            }
            g.writeFieldName(F_FINDINGS);
            g.writeStartArray();
            for (EventFinding f : e.findings()) {
                g.writeStartObject();
                text(g, F_ID, f.id());
                text(g, F_CATEGORY, f.category().label());
                text(g, F_PATH, f.path());
                g.writeFieldName(F_COUNT);
                g.writeNumber(f.count());
                text(g, F_VALUE_HASH, f.valueHash());
                text(g, F_PREVIEW, f.preview());
                text(g, F_ACTION, f.action().label());
                text(g, F_RULE, f.rule());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName(F_DROPPED);
            g.writeNumber(e.findingsDropped());
            g.writeEndObject();
        }
    }

    /** A string field; null is written as JSON null, as {@code writeStringField} does. */
    private static void text(JsonGenerator g, SerializableString field, String value) throws IOException {
        g.writeFieldName(field);
        g.writeString(value);
    }

    private static SerializableString name(String field) {
        return new SerializedString(field);
    }
}
