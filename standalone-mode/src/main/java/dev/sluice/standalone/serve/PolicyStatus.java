package dev.sluice.standalone.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.policy.Policy;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * The policy in force as the admin endpoint's {@code GET /policy} tells it: where it came from,
 * the SHA-256 of its text (which version of the file runs, across a fleet of sidecars), its mode,
 * its routes as the start-up line names them, how many detectors it compiled, when it was put in
 * force, and the last reload that failed since (with its errors), so an operator sees a bad push
 * without reading the log. Holds no value from traffic: the policy's own words only.
 *
 * @param failedAt     when the last reload since {@code loadedAt} failed, or null
 * @param failure      that reload's errors, one {@code FILE:LINE:COL: message} line each (empty when none)
 */
record PolicyStatus(Policy policy, int detectors, Instant loadedAt, Instant failedAt, List<String> failure) {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII).build();
    /** At most this many error lines of a failed reload are shown; the log has them all. */
    static final int MAX_ERROR_LINES = 20;

    PolicyStatus {
        failure = List.copyOf(failure.subList(0, Math.min(failure.size(), MAX_ERROR_LINES)));
    }

    /** The status of {@code policy}, just put in force with {@code detectors} detectors. */
    static PolicyStatus loaded(Policy policy, int detectors) {
        return new PolicyStatus(policy, detectors, Instant.now(), null, List.of());
    }

    /** This status with a reload that failed now with {@code errors}; the policy in force stays. */
    PolicyStatus failed(List<String> errors) {
        return new PolicyStatus(policy, detectors, loadedAt, Instant.now(), errors);
    }

    String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("origin", policy.origin());
            g.writeStringField("sha256", policy.digest());
            g.writeStringField("mode", policy.mode().label());
            g.writeArrayFieldStart("routes");
            for (String r : policy.describeRoutes()) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeNumberField("detectors", detectors);
            g.writeStringField("loadedAt", loadedAt.toString());
            g.writeFieldName("reloadFailure");
            if (failedAt == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeStringField("at", failedAt.toString());
                g.writeArrayFieldStart("errors");
                for (String line : failure) {
                    g.writeString(line);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }
}
