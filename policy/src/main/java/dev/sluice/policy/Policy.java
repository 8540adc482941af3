package dev.sluice.policy;

import dev.sluice.matchers.Detector;
import dev.sluice.matchers.DetectorCatalog;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.budget.Budget;
import dev.sluice.policy.identity.IdentityPolicy;
import dev.sluice.policy.select.EscapedSlashes;
import dev.sluice.policy.select.PathCase;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.select.RouteTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A loaded policy: mode, the defaults route, the routes, the global allow-list, custom
 * detectors, identity rules and budgets. Immutable and thread-safe; a reload builds a new one.
 * {@link #decide} is pure: the same request always gives the same decision (budgets, which
 * keep state, are applied by {@link PolicyEngine}).
 */
public final class Policy {
    private final Mode mode;
    private final Route defaults;
    private final List<Route> routeList;
    private final RouteTable<Route> routes;
    private final EscapedSlashes escapedSlashes;
    private final PathCase pathCase;
    private final List<AllowRule> allow;
    private final List<Detector> customDetectors;
    private final IdentityPolicy identity;
    private final List<Budget> budgets;
    private final String origin;
    private final String digest;
    /** Each route's rules per direction, resolved once here instead of once per body. */
    private final Map<Direction, Map<Route, RouteRules>> rules;

    private Policy(Builder b) {
        this.mode = b.mode;
        this.defaults = b.defaults;
        this.routeList = List.copyOf(b.routes);
        RouteTable.Builder<Route> t = RouteTable.builder(b.defaults);
        for (Route r : b.routes) {
            t.add(r.match(), r);
        }
        this.routes = t.build();
        this.escapedSlashes = b.escapedSlashes;
        this.pathCase = b.pathCase;
        this.allow = List.copyOf(b.allow);
        this.customDetectors = List.copyOf(b.detectors);
        this.identity = b.identity;
        this.budgets = List.copyOf(b.budgets);
        this.origin = b.origin;
        this.digest = b.digest;
        Map<Direction, Map<Route, RouteRules>> r = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            Map<Route, RouteRules> byRoute = new IdentityHashMap<>();
            byRoute.put(defaults, new RouteRules(this, defaults, d));
            routeList.forEach(route -> byRoute.put(route, new RouteRules(this, route, d)));
            r.put(d, byRoute);
        }
        this.rules = r; // last: the rules above read the fields set before
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The route that governs {@code key}: the most specific match for the path as this policy
     * reads encoded slashes and letter case, else the defaults. A path is never taken out of
     * inspection by how it is written: when that route reads nothing in {@code key}'s direction,
     * the path's other readings (encoded slashes read the other way, case compared the other
     * way, both) are tried in that order, since an upstream that reads the path that way serves a
     * guarded resource. Of their routes that read, the first declared route is preferred to the
     * defaults: it is the route the spelling dodged.
     */
    public Route route(RouteKey key) {
        RouteKey read = key.reading(escapedSlashes);
        Route chosen = routes.select(read, pathCase);
        Direction direction = key.direction();
        if (reads(chosen, direction)) {
            return chosen;
        }
        Route fallback = chosen;
        for (Route other : otherReadings(key, read)) {
            if (reads(other, direction)) {
                if (other != defaults) {
                    return other;
                }
                fallback = other;
            }
        }
        return fallback;
    }

    /** The routes of {@code key}'s readings other than {@code read}, the policy's own. */
    private List<Route> otherReadings(RouteKey key, RouteKey read) {
        List<Route> others = new ArrayList<>(3);
        others.add(routes.select(read, pathCase.other()));
        RouteKey otherSlashes = key.reading(escapedSlashes.other());
        if (otherSlashes != read) {
            others.add(routes.select(otherSlashes, pathCase));
            others.add(routes.select(otherSlashes, pathCase.other()));
        }
        return others;
    }

    private boolean reads(Route route, Direction direction) {
        return rules(route, direction).plan().inspects();
    }

    /** How encoded slashes in a path count when a route is selected. */
    public EscapedSlashes escapedSlashes() {
        return escapedSlashes;
    }

    /** Whether letter case in a path counts when a route is selected. */
    public PathCase pathCase() {
        return pathCase;
    }

    /** The decision for one body, without budgets. Never throws for a well-formed request. */
    public Decision decide(DecisionRequest request) {
        return DecisionMaker.decide(this, request);
    }

    /** What the route for {@code key} may do to a body in its direction; see {@link BodyPlan}. */
    public BodyPlan plan(RouteKey key) {
        return rules(key).plan();
    }

    /** The rules of the route that governs {@code key}, resolved once for a body's many questions. */
    public RouteRules rules(RouteKey key) {
        return rules(route(key), key.direction());
    }

    /** The rules of {@code route} (one of this policy's) in {@code direction}. */
    public RouteRules rules(Route route, Direction direction) {
        return rules.get(direction).get(route);
    }

    /**
     * The action on one finding as it is found, before the body ends: allow-lists apply as in
     * {@link #decide}; the first rule in the lookup order that selects the finding decides. For
     * a route whose {@link BodyPlan#countRules()} is false this equals the finding's entry in
     * {@link #decide} for the whole body, so streaming and whole-body decisions agree.
     */
    public ImmediateAction decideNow(RouteKey key, String sourceService, String destinationService,
                                     PolicyFinding finding) {
        return rules(key).decideNow(sourceService, destinationService, finding);
    }

    /** The fail rule of {@code route}: its own, else the defaults'. */
    public FailRule failRule(Route route) {
        return route.fail() != null ? route.fail() : defaults.fail();
    }

    /**
     * The bounds on {@code route}'s bodies in {@code direction}: each the route's own, else the
     * defaults', else 0 (the front end's own: {@code limits.max_inspected_bytes},
     * {@code limits.max_held_body_bytes}).
     */
    public BodyLimits limits(Route route, Direction direction) {
        return route.limits(direction).over(defaults.limits(direction));
    }

    /**
     * The answer to a client refused on the route named {@code routeName}: the route's own, else
     * the defaults', else null (the front end's built-in answer). An unknown name (a route of a
     * policy since reloaded) gets the defaults'.
     */
    public BlockAnswer blockAnswer(String routeName) {
        for (Route r : routeList) {
            if (r.name().equals(routeName) && r.blockAnswer() != null) {
                return r.blockAnswer();
            }
        }
        return defaults.blockAnswer();
    }

    /**
     * This policy with every mode in it replaced by {@code m}: its own and each route's (for
     * {@code SLUICE_MODE}, which overrides the file, so one switch turns the whole process to
     * {@code detect}).
     */
    public Policy withMode(Mode m) {
        if (m == mode && routeList.stream().allMatch(r -> r.mode() == null)) {
            return this;
        }
        Builder b = new Builder().mode(m).defaults(defaults).escapedSlashes(escapedSlashes).pathCase(pathCase)
                .identity(identity).origin(origin).digest(digest);
        routeList.forEach(r -> b.route(r.withMode(null)));
        allow.forEach(b::allow);
        customDetectors.forEach(b::detector);
        budgets.forEach(b::budget);
        return b.build();
    }

    /** The catalog to build the match engine from: {@code base} plus this policy's detectors. */
    public DetectorCatalog catalog(DetectorCatalog base) {
        return customDetectors.isEmpty() ? base : base.with(customDetectors);
    }

    /** The policy's mode: that of the defaults and of every route without a mode of its own. */
    public Mode mode() {
        return mode;
    }

    /** The mode {@code route}'s bodies are read under: its own, else the policy's. */
    public Mode mode(Route route) {
        return route.mode() != null ? route.mode() : mode;
    }

    public Route defaults() {
        return defaults;
    }

    /** The routes in declaration order (not including the defaults). */
    public List<Route> routes() {
        return routeList;
    }

    /**
     * The route's names, defaults first, each marked with a mode of its own that is not the
     * policy's, where it is not inspected ({@link BodyPlan#inspects}), where it is sampled and
     * where it sets its own bound on the bytes inspected: {@code static (not inspected)},
     * {@code exports (detect, responses not inspected)}, {@code feed (responses sampled 5%)},
     * {@code downloads (inspected to 256KiB)}. For a start-up line: an operator sees
     * which traffic Sluice will not read, which it reads in part and which it only watches.
     */
    public List<String> describeRoutes() {
        List<Route> all = new ArrayList<>();
        all.add(defaults);
        all.addAll(routeList);
        List<String> out = new ArrayList<>();
        for (Route r : all) {
            List<String> skipped = new ArrayList<>();
            List<String> sampled = new ArrayList<>();
            Map<Direction, List<String>> bounded = new EnumMap<>(Direction.class);
            for (Direction d : Direction.values()) {
                if (r.match().direction() != null && r.match().direction() != d) {
                    continue; // the route does not apply in this direction
                }
                BodyPlan plan = rules(r, d).plan();
                if (!plan.inspects()) {
                    skipped.add(RouteRules.messages(d));
                    continue;
                }
                if (plan.sample() < 1) {
                    sampled.add(RouteRules.messages(d) + " sampled " + percent(plan.sample()));
                }
                if (!r.limits(d).none()) {
                    bounded.put(d, bounds(r.limits(d)));
                }
            }
            List<String> notes = new ArrayList<>();
            if (mode(r) != mode) {
                notes.add(mode(r).label());
            }
            boolean whole = skipped.size() == 2 || skipped.size() == 1 && r.match().direction() != null;
            if (!skipped.isEmpty()) {
                notes.add(whole ? "not inspected" : skipped.getFirst() + " not inspected");
            }
            notes.addAll(sampled);
            if (bounded.size() == 2 && bounded.get(Direction.REQUEST).equals(bounded.get(Direction.RESPONSE))) {
                notes.addAll(bounded.get(Direction.REQUEST));
            } else {
                bounded.forEach((d, b) -> b.forEach(bound -> notes.add(RouteRules.messages(d) + " " + bound)));
            }
            out.add(notes.isEmpty() ? r.name() : r.name() + " (" + String.join(", ", notes) + ")");
        }
        return out;
    }

    /** A route's own bounds as the start-up line names them: {@code inspected to 256KiB}, {@code held to 8MiB}. */
    private static List<String> bounds(BodyLimits own) {
        List<String> out = new ArrayList<>(2);
        if (own.maxInspectedBytes() > 0) {
            out.add("inspected to " + ByteSize.format(own.maxInspectedBytes()));
        }
        if (own.maxHeldBodyBytes() > 0) {
            out.add("held to " + ByteSize.format(own.maxHeldBodyBytes()));
        }
        return out;
    }

    /** A share as a percentage without needless digits: 0.05 is 5%, 0.125 is 12.5%. */
    private static String percent(double share) {
        return java.math.BigDecimal.valueOf(share).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** Every route name, defaults first: the bounded set of route labels. */
    public List<String> routeNames() {
        List<String> names = new ArrayList<>();
        names.add(defaults.name());
        routeList.forEach(r -> names.add(r.name()));
        return names;
    }

    public List<AllowRule> allow() {
        return allow;
    }

    public List<Detector> customDetectors() {
        return customDetectors;
    }

    public IdentityPolicy identity() {
        return identity;
    }

    public List<Budget> budgets() {
        return budgets;
    }

    /** The first budget that counts findings in {@code direction}, or null: their bodies must be read. */
    Budget budgetCounting(Direction direction) {
        for (Budget b : budgets) {
            if (b.direction() == direction) {
                return b;
            }
        }
        return null;
    }

    /** Where the policy came from (a file name, "embedded default"). */
    public String origin() {
        return origin;
    }

    /**
     * The SHA-256 of the policy's text, 64 hex digits ({@code sha256sum} of its file), or empty for a
     * policy built in code: which version of a file is in force, across a fleet of sidecars.
     */
    public String digest() {
        return digest;
    }

    @Override
    public String toString() {
        return "Policy[" + origin + ", " + mode.label() + ", routes=" + routeNames() + ", budgets="
                + budgets.stream().map(Budget::name).toList() + ", detectors=" + customDetectors.size() + "]";
    }

    /** Collects a policy; duplicate route or budget names are rejected, naming the first. */
    public static final class Builder {
        private Mode mode = Mode.ENFORCE;
        private Route defaults = Route.builder(Route.DEFAULT_NAME).fail(FailRule.OPEN).build();
        private final List<Route> routes = new ArrayList<>();
        private EscapedSlashes escapedSlashes = EscapedSlashes.DECODE;
        private PathCase pathCase = PathCase.INSENSITIVE;
        private final Set<String> routeNames = new HashSet<>();
        private final List<AllowRule> allow = new ArrayList<>();
        private final List<Detector> detectors = new ArrayList<>();
        private IdentityPolicy identity = IdentityPolicy.DEFAULT;
        private final List<Budget> budgets = new ArrayList<>();
        private String origin = "policy";
        private String digest = "";

        private Builder() {
        }

        public Builder mode(Mode m) {
            this.mode = Objects.requireNonNull(m, "mode");
            return this;
        }

        /** The defaults; must be named {@value Route#DEFAULT_NAME}, match everything and have a fail rule. */
        public Builder defaults(Route r) {
            if (!r.name().equals(Route.DEFAULT_NAME) || !r.match().isAny() || r.fail() == null) {
                throw new IllegalArgumentException("the defaults route must be named '" + Route.DEFAULT_NAME
                        + "', match everything and have a fail rule");
            }
            this.defaults = r;
            return this;
        }

        public Builder route(Route r) {
            if (r.name().equals(Route.DEFAULT_NAME)) {
                throw new IllegalArgumentException("route name '" + Route.DEFAULT_NAME + "' is reserved for the defaults");
            }
            if (!routeNames.add(r.name())) {
                throw new IllegalArgumentException("route name '" + r.name() + "' is used twice");
            }
            routes.add(r);
            return this;
        }

        /** How encoded slashes count when a route is selected; {@link EscapedSlashes#DECODE} unless set. */
        public Builder escapedSlashes(EscapedSlashes e) {
            this.escapedSlashes = Objects.requireNonNull(e, "escapedSlashes");
            return this;
        }

        /** Whether letter case in a path counts; {@link PathCase#INSENSITIVE} unless set. */
        public Builder pathCase(PathCase c) {
            this.pathCase = Objects.requireNonNull(c, "pathCase");
            return this;
        }

        public Builder allow(AllowRule a) {
            allow.add(Objects.requireNonNull(a, "allow"));
            return this;
        }

        public Builder detector(Detector d) {
            detectors.add(Objects.requireNonNull(d, "detector"));
            return this;
        }

        public Builder identity(IdentityPolicy i) {
            this.identity = Objects.requireNonNull(i, "identity");
            return this;
        }

        public Builder budget(Budget b) {
            for (Budget prior : budgets) {
                if (prior.name().equals(b.name())) {
                    throw new IllegalArgumentException("budget name '" + b.name() + "' is used twice");
                }
            }
            budgets.add(b);
            return this;
        }

        public Builder origin(String o) {
            this.origin = Objects.requireNonNull(o, "origin");
            return this;
        }

        /** The SHA-256 of the text the policy was read from, in hex. */
        public Builder digest(String d) {
            this.digest = Objects.requireNonNull(d, "digest");
            return this;
        }

        public Policy build() {
            return new Policy(this);
        }
    }
}
