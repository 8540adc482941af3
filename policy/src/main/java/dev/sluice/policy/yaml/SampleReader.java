package dev.sluice.policy.yaml;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.Policy;
import dev.sluice.policy.Route;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code sample}: the share of a route's exchanges that are inspected, for both directions
 * ({@code sample: 0.05}, {@code sample: 5%}) or per direction ({@code sample: {response: 5%}}).
 * A share is in [{@value #MIN_SHARE}, 1]. Whether the route may sample at all is known only once
 * the whole policy is built (the defaults' rules and the budgets count): {@link #check}.
 */
final class SampleReader {
    static final String KEY = "sample";
    /** One exchange in ten thousand: below it a sample reports too little to be worth reading. */
    static final double MIN_SHARE = 0.0001;

    private SampleReader() {
    }

    /** Where one sample was written, to point at it if the built policy refuses it. */
    record Site(String route, Direction direction, Node at) {
    }

    /** Sets {@code n}'s shares on {@code b}, recording each in {@code cx} for {@link #check}. */
    static void read(Node n, String route, Route.Builder b, ReadContext cx) {
        PerDirection.read(n, KEY, cx.problems, v -> share(v, cx.problems)).forEach((d, written) -> {
            if (written.value() < 1) {
                b.sample(d, written.value());
                cx.samples.add(new Site(route, d, written.at()));
            }
        });
    }

    /** A number in [MIN_SHARE, 1] or a percentage string ("5%", "0.5 %"), or null with a problem. */
    static Double share(Node v, Problems p) {
        if (!(v instanceof Node.Scalar s) || s.text() == null || s.type() == Node.Scalar.Type.BOOLEAN) {
            p.at(v, "a sample is a share like 0.05 or 5%, not " + v.kind());
            return null;
        }
        String text = s.text().strip();
        boolean percent = s.type() == Node.Scalar.Type.STRING && text.endsWith("%");
        BigDecimal value;
        try {
            value = new BigDecimal(percent ? text.substring(0, text.length() - 1).strip() : text);
        } catch (NumberFormatException e) {
            p.at(v, "a sample is a share like 0.05 or 5%, not '" + text + "'");
            return null;
        }
        double share = (percent ? value.movePointLeft(2) : value).doubleValue();
        if (!(share >= MIN_SHARE && share <= 1)) {
            p.at(v, "a sample must be between 0.01% and 100% (0.0001 and 1), not " + text);
            return null;
        }
        return share;
    }

    /** Refuses each sample of {@code policy} on a route that could change what it leaves unread. */
    static void check(Policy policy, Iterable<Site> sites, Problems p) {
        Map<String, Route> byName = new HashMap<>();
        byName.put(policy.defaults().name(), policy.defaults());
        policy.routes().forEach(r -> byName.put(r.name(), r));
        Set<Node> reported = Collections.newSetFromMap(new IdentityHashMap<>()); // one problem per written value
        for (Site site : sites) {
            Route route = byName.get(site.route());
            String conflict = route == null ? null : policy.rules(route, site.direction()).sampleConflict();
            if (conflict != null && reported.add(site.at())) {
                p.at(site.at(), "route '" + site.route() + "' may sample only what it changes nothing in: " + conflict);
            }
        }
    }
}
