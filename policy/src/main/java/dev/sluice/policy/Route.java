package dev.sluice.policy;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.select.RouteMatch;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named part of the traffic and what to do there: its match, its action rules, its fail rule
 * (null: the defaults'), its answer to a refused client (null: the defaults', or the built-in
 * one), its own allow-list, its own mode (null: the policy's), the share of its exchanges
 * it inspects in each direction (its sample; 1 for all) and its bounds on each body there
 * ({@link BodyLimits}; absent: the defaults', else the front end's). For each direction the rules are kept in lookup
 * order: detector ids before categories, and within each, rules for this direction before
 * rules for both. The name is a metric label, so it comes from the policy, never from traffic.
 */
public final class Route {
    /** The name of the policy's defaults, which every route falls back to. */
    public static final String DEFAULT_NAME = "default";

    private final String name;
    private final RouteMatch match;
    private final List<ActionRule> rules;
    private final Map<Direction, List<ActionRule>> chains;
    private final FailRule fail;
    private final BlockAnswer blockAnswer;
    private final List<AllowRule> allow;
    private final Mode mode;
    private final Map<Direction, Double> sample;
    private final Map<Direction, BodyLimits> limits;

    private Route(Builder b) {
        this.name = b.name;
        this.match = b.match;
        this.rules = List.copyOf(b.rules);
        this.fail = b.fail;
        this.blockAnswer = b.blockAnswer;
        this.allow = List.copyOf(b.allow);
        this.mode = b.mode;
        this.sample = Map.copyOf(b.sample);
        this.limits = Map.copyOf(b.limits);
        Map<Direction, List<ActionRule>> c = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            List<ActionRule> chain = new ArrayList<>();
            for (boolean ids : new boolean[] {true, false}) {
                for (ActionRule r : rules) {
                    if (r.selector().isDetector() == ids && r.direction() == d) {
                        chain.add(r);
                    }
                }
                for (ActionRule r : rules) {
                    if (r.selector().isDetector() == ids && r.direction() == null) {
                        chain.add(r);
                    }
                }
            }
            c.put(d, List.copyOf(chain));
        }
        this.chains = c;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public RouteMatch match() {
        return match;
    }

    /** Every rule, as declared. */
    public List<ActionRule> rules() {
        return rules;
    }

    /** The rules that can apply in {@code direction}, in lookup order. */
    public List<ActionRule> chain(Direction direction) {
        return chains.get(direction);
    }

    /** The route's own fail rule, or null to use the defaults'. */
    public FailRule fail() {
        return fail;
    }

    /** The route's own answer to a refused client, or null to use the defaults'. */
    public BlockAnswer blockAnswer() {
        return blockAnswer;
    }

    public List<AllowRule> allow() {
        return allow;
    }

    /**
     * The route's own mode, or null to use the policy's: a route can be watched in {@code detect}
     * mode while the rest is enforced, or enforced while the rest is only watched.
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The share of the route's exchanges whose messages in {@code direction} are inspected, in
     * (0, 1]: 1 (the default) inspects every one. The others pass as a route that acts on nothing
     * passes ({@link BodyPlan#inspects}); only a route that changes nothing in that direction may
     * sample it ({@link RouteRules#sampleConflict}).
     */
    public double sample(Direction direction) {
        return sample.getOrDefault(direction, 1.0);
    }

    /**
     * The route's own bounds on its bodies in {@code direction}, each 0 where it sets none (the
     * defaults' apply, else the front end's); {@link Policy#limits} resolves them.
     */
    public BodyLimits limits(Direction direction) {
        return limits.getOrDefault(direction, BodyLimits.NONE);
    }

    /** This route with {@code m} as its own mode (null: the policy's). */
    public Route withMode(Mode m) {
        if (m == mode) {
            return this;
        }
        Builder b = new Builder(name).match(match).fail(fail).blockAnswer(blockAnswer).mode(m);
        b.rules.addAll(rules); // already checked once
        b.allow.addAll(allow);
        b.sample.putAll(sample);
        b.limits.putAll(limits);
        return b.build();
    }

    @Override
    public String toString() {
        return "Route[" + name + ", " + match + ", " + rules.size() + " rules]";
    }

    /** Collects a route; a second rule for the same key and direction is rejected, naming the first. */
    public static final class Builder {
        private final String name;
        private RouteMatch match = RouteMatch.ANY;
        private final List<ActionRule> rules = new ArrayList<>();
        private FailRule fail;
        private BlockAnswer blockAnswer;
        private final List<AllowRule> allow = new ArrayList<>();
        private Mode mode;
        private final Map<Direction, Double> sample = new EnumMap<>(Direction.class);
        private final Map<Direction, BodyLimits> limits = new EnumMap<>(Direction.class);

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder match(RouteMatch m) {
            this.match = Objects.requireNonNull(m, "match");
            return this;
        }

        public Builder rule(ActionRule r) {
            for (ActionRule prior : rules) {
                if (prior.selector().equals(r.selector()) && prior.direction() == r.direction()) {
                    throw new IllegalArgumentException(r.origin() + ": '" + r.selector().label()
                            + "' already has an action at " + prior.origin());
                }
            }
            rules.add(r);
            return this;
        }

        public Builder fail(FailRule f) {
            this.fail = f;
            return this;
        }

        public Builder blockAnswer(BlockAnswer a) {
            this.blockAnswer = a;
            return this;
        }

        /** The route's own mode; null (the default) uses the policy's. */
        public Builder mode(Mode m) {
            this.mode = m;
            return this;
        }

        /** Inspects only {@code share} (in (0, 1]) of the route's exchanges in {@code direction}. */
        public Builder sample(Direction direction, double share) {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("a sample is a share in (0, 1], not " + share);
            }
            sample.put(Objects.requireNonNull(direction, "direction"), share);
            return this;
        }

        /** The route's own bounds on its bodies in {@code direction}. */
        public Builder limits(Direction direction, BodyLimits l) {
            limits.put(Objects.requireNonNull(direction, "direction"), Objects.requireNonNull(l, "limits"));
            return this;
        }

        public Builder allow(AllowRule a) {
            allow.add(Objects.requireNonNull(a, "allow"));
            return this;
        }

        public Route build() {
            return new Route(this);
        }
    }
}
