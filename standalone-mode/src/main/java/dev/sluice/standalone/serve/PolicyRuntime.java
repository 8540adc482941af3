package dev.sluice.standalone.serve;

import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Inspector;
import dev.sluice.matchers.Detector;
import dev.sluice.matchers.DetectorCatalog;
import dev.sluice.matchers.MatchEngine;
import dev.sluice.matchers.ValueHasher;
import dev.sluice.policy.Policy;
import dev.sluice.policy.PolicyEngine;
import dev.sluice.policy.budget.Budget;
import dev.sluice.policy.budget.BudgetCounters;
import dev.sluice.policy.budget.InMemoryBudgetStore;
import dev.sluice.policy.identity.BoundedNames;
import dev.sluice.policy.identity.IdentityPolicy;
import dev.sluice.policy.reload.PolicyHolder;
import dev.sluice.policy.reload.PolicyWatcher;
import dev.sluice.policy.reload.ReloadResult;
import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyLoader;
import dev.sluice.standalone.admin.MetricLabels;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.exchange.PolicyIdentities;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The policy in force and what is built from it: the match engine (the built-in catalog plus the
 * policy's own detectors, compiled under the shared hash key), the inspector over it, the policy
 * engine with its budget store, the identity extractors, and the metric label sets. With a policy
 * file, a {@link PolicyWatcher} reloads it; a valid new version swaps all of these (the engine is
 * recompiled only when the policy's detectors changed), an invalid one is logged and counted and
 * the last good policy stays.
 */
final class PolicyRuntime implements AutoCloseable {
    static final Duration POLL = Duration.ofSeconds(5);

    private final PolicyLoader loader;
    private final PolicyHolder holder;
    private final PolicyEngine engine;
    private final ValueHasher hasher;
    private final Map<String, String> env;
    private final InspectionLimits limits;
    /** One for the process, kept across reloads: what every exchange holds, together. */
    private final HeldMemory heldMemory;
    private final MetricLabels labels;
    private volatile Inspector inspector;
    private volatile List<Detector> compiledDetectors;
    private volatile PolicyIdentities identities;
    private BoundedNames services;
    private IdentityPolicy servicesFrom;
    private PolicyWatcher watcher;
    private volatile PolicyStatus status;

    private PolicyRuntime(PolicyLoader loader, Policy initial, SluiceConfig config, ValueHasher hasher,
                          Map<String, String> env) {
        this.loader = loader;
        this.hasher = hasher;
        this.env = env;
        this.limits = config.inspectionLimits();
        this.heldMemory = HeldMemory.of(config.maxHeldTotalBytes());
        this.holder = new PolicyHolder(initial, config.mode().orElse(null));
        this.engine = new PolicyEngine(holder, InMemoryBudgetStore.systemClock(), new BudgetCounters());
        Policy p = holder.get();
        this.inspector = compile(p);
        this.compiledDetectors = p.customDetectors();
        this.identities = PolicyIdentities.of(p, hasher, env);
        this.services = p.identity().newMetricNames();
        this.servicesFrom = p.identity();
        this.labels = MetricLabels.of(detectorIds(), p.routeNames(), budgetNames(p), services);
        this.status = PolicyStatus.loaded(p, inspector.engine().catalog().size());
    }

    /**
     * Loads the configured policy file (or the embedded default) and compiles the matchers.
     *
     * @throws StartupException with one {@code FILE:LINE:COL: message} line per policy error
     */
    static PolicyRuntime load(SluiceConfig config, ValueHasher hasher, Map<String, String> env)
            throws StartupException {
        PolicyLoader loader = PolicyLoader.builder().hasher(hasher).build();
        Policy initial;
        if (config.policyFile().isPresent()) {
            Path file = config.policyFile().get();
            LoadResult r = loader.load(file);
            if (!r.ok()) {
                throw new StartupException(PolicyLoader.format(file.toString(), r.errors()).lines().toList());
            }
            initial = r.policy();
        } else {
            initial = loader.loadDefault();
        }
        try {
            return new PolicyRuntime(loader, initial, config, hasher, env);
        } catch (RuntimeException e) {
            // A custom detector's pattern that Hyperscan refuses: the message names the detector.
            throw new StartupException("policy: " + e.getMessage());
        }
    }

    /** Starts watching the policy file (if there is one); reloads are logged on {@code log} and counted. */
    void watch(Path file, SluiceMetrics metrics, PrintStream log) {
        boolean[] first = {true};
        watcher = PolicyWatcher.start(file, loader, holder, result -> {
            if (first[0]) {
                return; // the watcher's own first read of the file loaded at startup
            }
            onReload(result, metrics, log);
        }, POLL);
        first[0] = false;
    }

    private void onReload(ReloadResult result, SluiceMetrics metrics, PrintStream log) {
        if (!result.success()) {
            metrics.policyReload(false);
            status = status.failed(result.describe().lines().toList());
            log.println("sluice: policy reload failed, keeping the last good policy:\n" + result.describe());
            return;
        }
        Policy p = holder.get();
        try {
            if (!p.customDetectors().equals(compiledDetectors)) {
                // The previous engine is not closed: bodies in flight may still scan with it.
                inspector = compile(p);
                compiledDetectors = p.customDetectors();
            }
        } catch (RuntimeException e) {
            metrics.policyReload(false);
            status = status.failed(List.of(result.file() + ": its detectors do not compile (" + e.getMessage() + ")"));
            log.println("sluice: policy reload: its detectors do not compile (" + e.getMessage()
                    + "); findings of new detectors are not made until they do");
            return;
        }
        identities = PolicyIdentities.of(p, hasher, env);
        if (!p.identity().metricServices().equals(servicesFrom.metricServices())
                || p.identity().maxSeenServices() != servicesFrom.maxSeenServices()) {
            services = p.identity().newMetricNames();
            servicesFrom = p.identity();
        }
        labels.update(detectorIds(), p.routeNames(), budgetNames(p), services);
        status = PolicyStatus.loaded(p, inspector.engine().catalog().size());
        metrics.policyReload(true);
        log.println("sluice: " + result.describe() + " (" + describe() + ")");
    }

    private Inspector compile(Policy p) {
        return new Inspector(MatchEngine.compile(p.catalog(DetectorCatalog.builtin()), hasher), limits, heldMemory);
    }

    private List<String> detectorIds() {
        return inspector.engine().catalog().all().stream().map(Detector::id).toList();
    }

    private static List<String> budgetNames(Policy p) {
        return p.budgets().stream().map(Budget::name).toList();
    }

    Inspector inspector() {
        return inspector;
    }

    PolicyEngine engine() {
        return engine;
    }

    Policy policy() {
        return holder.get();
    }

    MetricLabels labels() {
        return labels;
    }

    /** The identity extractors of the policy in force. */
    PolicyIdentities identities() {
        PolicyIdentities i = identities;
        Policy p = holder.get();
        if (i.policy() != p) {
            i = PolicyIdentities.of(p, hasher, env);
            identities = i;
        }
        return i;
    }

    /** The admin endpoint's {@code GET /policy} answer: the policy in force and the last failed reload. */
    String statusJson() {
        return status.toJson();
    }

    String describe() {
        Policy p = holder.get();
        return "policy " + p.origin() + ", mode " + p.mode().label() + ", routes " + p.describeRoutes() + ", "
                + inspector.engine().catalog().size() + " detectors";
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        inspector.engine().close();
    }
}
