package dev.sluice.standalone.admin;

import dev.sluice.policy.identity.BoundedNames;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * The bounded sets label values come from. Detector ids must be in the catalog, route and budget
 * names in the policy, service names in the policy's {@code metric_services} set (configured names
 * plus the first {@code max_seen} others, see {@link BoundedNames}); anything else is
 * {@value #OTHER}, and a free-form value must also have a name's shape ({@link LabelShape}) before
 * it may take a place. Enum-valued labels (direction, category, action, outcome) are bounded by
 * their types. After a policy reload, {@link #update} swaps the sets; reads are lock-free.
 */
public final class MetricLabels {
    public static final String OTHER = BoundedNames.OTHER;
    public static final String UNKNOWN = BoundedNames.UNKNOWN;

    private volatile Set<String> detectors;
    private volatile Set<String> routes;
    private volatile Set<String> budgets;
    private volatile BoundedNames services;

    private MetricLabels(Set<String> detectors, Set<String> routes, Set<String> budgets, BoundedNames services) {
        this.detectors = detectors;
        this.routes = routes;
        this.budgets = budgets;
        this.services = services;
    }

    /**
     * @param detectorIds the catalog's ids, custom detectors of the policy included
     * @param routeNames  the policy's route names ({@code default} is always allowed)
     * @param budgetNames the policy's budget names
     * @param services    the policy's bounded service names ({@code IdentityPolicy.newMetricNames()})
     */
    public static MetricLabels of(Collection<String> detectorIds, Collection<String> routeNames,
                                  Collection<String> budgetNames, BoundedNames services) {
        return new MetricLabels(Set.copyOf(detectorIds), routeSet(routeNames), Set.copyOf(budgetNames),
                Objects.requireNonNull(services, "services"));
    }

    /** Swaps in the sets of a reloaded policy; the service set is kept when {@code services} is the same object. */
    public void update(Collection<String> detectorIds, Collection<String> routeNames, Collection<String> budgetNames,
                       BoundedNames services) {
        this.detectors = Set.copyOf(detectorIds);
        this.routes = routeSet(routeNames);
        this.budgets = Set.copyOf(budgetNames);
        this.services = Objects.requireNonNull(services, "services");
    }

    public String detector(String id) {
        return known(detectors, id);
    }

    public String route(String name) {
        return known(routes, name);
    }

    public String budget(String name) {
        return known(budgets, name);
    }

    /** A service name when it is a name and has (or gets) a place in the bounded set, else other or unknown. */
    public String service(String name) {
        if (name == null || name.isEmpty() || name.equals(UNKNOWN)) {
            return UNKNOWN;
        }
        return LabelShape.isName(name) ? services.label(name) : OTHER;
    }

    private static String known(Set<String> set, String value) {
        if (value == null || value.isEmpty()) {
            return UNKNOWN;
        }
        return set.contains(value) && LabelShape.isName(value) ? value : OTHER;
    }

    private static Set<String> routeSet(Collection<String> names) {
        java.util.HashSet<String> s = new java.util.HashSet<>(names);
        s.add(dev.sluice.policy.Route.DEFAULT_NAME);
        return Set.copyOf(s);
    }

    @Override
    public String toString() {
        return "MetricLabels[detectors=" + detectors.size() + ", routes=" + routes.size() + ", budgets="
                + budgets.size() + ", " + services + "]";
    }
}
