package dev.sluice.standalone.extproc;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Decision;
import dev.sluice.standalone.exchange.ExchangeIdentity;
import java.util.Map;
import java.util.TreeMap;

/**
 * The findings summary Sluice hands Envoy as dynamic metadata, for its access log
 * ({@code %DYNAMIC_METADATA(sluice:response)%}): under namespace {@value #NAMESPACE}, one
 * entry per direction with the verdict, the event id, the route, the policy mode, and finding
 * counts by detector id and by category. Never a value, a preview or a hash: the access log is
 * not the event log. Envoy keeps it only when the filter's
 * {@code metadata_options.receiving_namespaces.untyped} lists {@value #NAMESPACE}.
 */
final class VerdictMetadata {
    static final String NAMESPACE = "sluice";

    private VerdictMetadata() {
    }

    static Struct of(ExchangeIdentity exchange, Direction direction, String verdict, InspectionResult result,
                     Decision decision, String note) {
        Struct.Builder entry = Struct.newBuilder()
                .putFields("verdict", text(verdict))
                .putFields("event_id", text(exchange.id()));
        if (decision != null) {
            entry.putFields("route", text(decision.route())).putFields("mode", text(decision.mode().label()));
        }
        if (note != null) {
            entry.putFields("note", text(note));
        }
        if (result != null) {
            Map<String, Integer> detectors = new TreeMap<>();
            Map<String, Integer> categories = new TreeMap<>();
            for (Finding f : result.findings()) {
                detectors.merge(f.id(), 1, Integer::sum);
                categories.merge(f.category().label(), 1, Integer::sum);
            }
            entry.putFields("findings", Value.newBuilder().setNumberValue(result.findings().size()).build())
                    .putFields("detectors", counts(detectors))
                    .putFields("categories", counts(categories));
        }
        return Struct.newBuilder().putFields(NAMESPACE, Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields(direction.label(), Value.newBuilder().setStructValue(entry).build())).build()).build();
    }

    private static Value counts(Map<String, Integer> counts) {
        Struct.Builder s = Struct.newBuilder();
        counts.forEach((k, v) -> s.putFields(k, Value.newBuilder().setNumberValue(v).build()));
        return Value.newBuilder().setStructValue(s).build();
    }

    private static Value text(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }
}
