package dev.sluice.policy.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Routes in declaration order and a fallback; {@link #select} returns the value of the most
 * specific route that matches (see {@link Specificity}), the earliest declared on a tie, or
 * the fallback. A linear scan: policies have tens of routes, and selection runs once per
 * exchange and direction.
 */
public final class RouteTable<T> {
    private final List<RouteMatch> matches;
    private final List<T> values;
    private final T fallback;

    private RouteTable(List<RouteMatch> matches, List<T> values, T fallback) {
        this.matches = List.copyOf(matches);
        this.values = List.copyOf(values);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    public static <T> Builder<T> builder(T fallback) {
        return new Builder<>(fallback);
    }

    /** {@link #select(RouteKey, PathCase)} comparing the path's case. */
    public T select(RouteKey key) {
        return select(key, PathCase.SENSITIVE);
    }

    /** The value of the most specific route for {@code key}, its path compared as {@code pathCase} says. */
    public T select(RouteKey key, PathCase pathCase) {
        T best = fallback;
        Specificity bestFit = null;
        for (int i = 0; i < matches.size(); i++) {
            Specificity fit = matches.get(i).fit(key, pathCase);
            if (fit != null && (bestFit == null || fit.compareTo(bestFit) > 0)) {
                bestFit = fit;
                best = values.get(i);
            }
        }
        return best;
    }

    public List<T> values() {
        return values;
    }

    public T fallback() {
        return fallback;
    }

    /** Adds routes in declaration order. */
    public static final class Builder<T> {
        private final List<RouteMatch> matches = new ArrayList<>();
        private final List<T> values = new ArrayList<>();
        private final T fallback;

        private Builder(T fallback) {
            this.fallback = fallback;
        }

        public Builder<T> add(RouteMatch match, T value) {
            matches.add(Objects.requireNonNull(match, "match"));
            values.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        public RouteTable<T> build() {
            return new RouteTable<>(matches, values, fallback);
        }
    }
}
