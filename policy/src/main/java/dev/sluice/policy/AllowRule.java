package dev.sluice.policy;

import dev.sluice.policy.select.Glob;
import java.util.List;
import java.util.Set;

/**
 * One allow-list entry: a finding it covers is ignored. Each condition given must hold, each
 * left empty holds for all: the value's keyed hash is listed, the field path matches a glob,
 * the route is named, the source or destination service matches a glob, the detector or
 * category is named. At least one condition other than detectors must be given.
 */
public record AllowRule(Set<String> valueHashes, List<Glob> fields, Set<String> routes, List<Glob> sources,
                        List<Glob> destinations, List<DetectorSelector> detectors, String origin) {
    public AllowRule {
        valueHashes = Set.copyOf(valueHashes);
        fields = List.copyOf(fields);
        routes = Set.copyOf(routes);
        sources = List.copyOf(sources);
        destinations = List.copyOf(destinations);
        detectors = List.copyOf(detectors);
        if (valueHashes.isEmpty() && fields.isEmpty() && routes.isEmpty() && sources.isEmpty()
                && destinations.isEmpty()) {
            throw new IllegalArgumentException(origin
                    + ": an allow entry needs value_hashes, fields, routes, sources or destinations");
        }
    }

    public boolean covers(PolicyFinding f, String route, String source, String destination) {
        return (valueHashes.isEmpty() || f.valueHash() != null && valueHashes.contains(f.valueHash()))
                && (fields.isEmpty() || anyMatch(fields, f.fieldPath()))
                && (routes.isEmpty() || routes.contains(route))
                && (sources.isEmpty() || anyMatch(sources, source))
                && (destinations.isEmpty() || anyMatch(destinations, destination))
                && (detectors.isEmpty() || detectors.stream().anyMatch(d -> d.selects(f)));
    }

    private static boolean anyMatch(List<Glob> globs, String text) {
        if (text == null) {
            return false;
        }
        for (Glob g : globs) {
            if (g.matches(text)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "AllowRule[" + origin + "]";
    }
}
