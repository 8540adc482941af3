package dev.sluice.policy;

import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.mask.Mask;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides one body: allow-lists first (route's, then global), then for each remaining finding
 * the first rule in the lookup order that selects it and whose minimum count the body reaches
 * (the route's chain, then the defaults'); no rule means alert. A block by any finding blocks
 * the body, with the first blocking finding as the reason; otherwise findings to redact become
 * redactions. Minimum counts count distinct value hashes among the findings the rule selects
 * that are not allow-listed (a finding without a hash counts on its own).
 */
final class DecisionMaker {
    static final String IMPLICIT = "implicit";

    private DecisionMaker() {
    }

    static Decision decide(Policy policy, DecisionRequest req) {
        Route route = policy.route(req.route());
        List<PolicyFinding> fs = req.findings();
        List<ActionRule> chain = policy.rules(route, req.route().direction()).chain(); // resolved at load
        String[] allowedBy = new String[fs.size()];
        for (int i = 0; i < fs.size(); i++) {
            allowedBy[i] = allowListed(policy, route, fs.get(i), req.sourceService(), req.destinationService());
        }
        Map<ActionRule, Integer> counts = new IdentityHashMap<>();
        List<FindingDecision> out = new ArrayList<>(fs.size());
        List<Redaction> redactions = new ArrayList<>();
        String blockReason = null;
        for (int i = 0; i < fs.size(); i++) {
            PolicyFinding f = fs.get(i);
            if (allowedBy[i] != null) {
                out.add(new FindingDecision(f, Action.IGNORE, true, "allow-list: " + allowedBy[i]));
                continue;
            }
            ActionRule rule = null;
            for (ActionRule r : chain) {
                if (r.selector().selects(f) && (r.minCount() <= 1
                        || counts.computeIfAbsent(r, k -> distinct(k, fs, allowedBy)) >= r.minCount())) {
                    rule = r;
                    break;
                }
            }
            Action action = rule == null ? Action.ALERT : rule.action();
            out.add(new FindingDecision(f, action, false, rule == null ? IMPLICIT : rule.origin()));
            if (action == Action.BLOCK && blockReason == null) {
                blockReason = "detector:" + f.detectorId();
            } else if (action == Action.REDACT) {
                redactions.add(new Redaction(i, f, rule.mask().forDetector(f.detectorId())));
            }
        }
        Verdict v = blockReason == null ? Verdict.ALLOW : Verdict.BLOCK;
        return new Decision(policy.mode(route), route.name(), v, blockReason == null ? "" : blockReason, out, redactions,
                policy.failRule(route));
    }

    /**
     * What the route may do to a body in {@code direction}, from the rules of {@code chain} that
     * can ever decide a finding ({@link #reachable}): a defaults' {@code secret: redact} that the
     * route's own {@code secret: alert} always comes before does not make its bodies rewritten.
     */
    static BodyPlan plan(Policy policy, Route route, List<ActionRule> chain, Direction direction) {
        boolean block = false;
        boolean redact = false;
        boolean counts = false;
        for (ActionRule r : reachable(chain)) {
            block |= r.action() == Action.BLOCK;
            redact |= r.action() == Action.REDACT;
            counts |= r.minCount() > 1;
        }
        return new BodyPlan(route.name(), policy.mode(route), block, redact, counts, policy.failRule(route),
                actsOnFindings(policy, chain, direction), route.sample(direction), false,
                policy.limits(route, direction));
    }

    /**
     * The rules of {@code chain} that can decide some finding: all but those after an
     * unconditional rule (no minimum count) with the same selector, which always applies first.
     * A detector rule under a category rule of its category is kept (the selector does not know
     * the detector's category): the answer may keep a rule that cannot apply, never drop one that can.
     */
    static List<ActionRule> reachable(List<ActionRule> chain) {
        List<ActionRule> out = new ArrayList<>(chain.size());
        Set<DetectorSelector> taken = new HashSet<>();
        for (ActionRule r : chain) {
            if (!taken.contains(r.selector())) {
                out.add(r);
            }
            if (r.minCount() <= 1) {
                taken.add(r.selector());
            }
        }
        return out;
    }

    /**
     * Whether some finding under {@code chain} would not be ignored. Read as the lookup reads
     * it: for each category, the rules before its first unconditional {@code ignore} must all
     * be {@code ignore} too (a detector's rule names no category, so any other action there
     * counts, whichever category the detector has); a category no rule covers is alerted. A
     * budget counting findings of the direction also needs them, whatever the actions say.
     */
    private static boolean actsOnFindings(Policy policy, List<ActionRule> chain, Direction direction) {
        for (Category category : Category.values()) {
            if (!ignoresEvery(chain, category)) {
                return true;
            }
        }
        return policy.budgetCounting(direction) != null;
    }

    private static boolean ignoresEvery(List<ActionRule> chain, Category category) {
        for (ActionRule r : chain) {
            boolean covers = r.selector().isDetector() || r.selector().category() == category;
            if (!covers) {
                continue;
            }
            if (r.action() != Action.IGNORE) {
                return false;
            }
            if (!r.selector().isDetector() && r.minCount() <= 1) {
                return true;
            }
        }
        return false; // no rule for the category: its findings are alerted
    }

    static ImmediateAction decideNow(Policy policy, Route route, List<ActionRule> chain, String source,
                                     String destination, PolicyFinding f) {
        String allowedBy = allowListed(policy, route, f, source, destination);
        if (allowedBy != null) {
            return new ImmediateAction(new FindingDecision(f, Action.IGNORE, true, "allow-list: " + allowedBy), null);
        }
        for (ActionRule r : chain) {
            if (r.selector().selects(f) && r.minCount() <= 1) {
                Mask mask = r.action() == Action.REDACT ? r.mask().forDetector(f.detectorId()) : null;
                return new ImmediateAction(new FindingDecision(f, r.action(), false, r.origin()), mask);
            }
        }
        return new ImmediateAction(new FindingDecision(f, Action.ALERT, false, IMPLICIT), null);
    }

    /** The rules that can apply in {@code dir}: the route's chain, then the defaults'. */
    static List<ActionRule> chain(Policy policy, Route route, Direction dir) {
        if (route == policy.defaults()) {
            return route.chain(dir);
        }
        List<ActionRule> chain = new ArrayList<>(route.chain(dir));
        chain.addAll(policy.defaults().chain(dir));
        return chain;
    }

    /** The origin of the allow entry covering {@code f}, or null. */
    private static String allowListed(Policy policy, Route route, PolicyFinding f, String source, String destination) {
        for (List<AllowRule> list : List.of(route.allow(), policy.allow())) {
            for (AllowRule a : list) {
                if (a.covers(f, route.name(), source, destination)) {
                    return a.origin();
                }
            }
        }
        return null;
    }

    private static int distinct(ActionRule r, List<PolicyFinding> fs, String[] allowedBy) {
        Set<String> hashes = new HashSet<>();
        int unhashed = 0;
        for (int i = 0; i < fs.size(); i++) {
            PolicyFinding f = fs.get(i);
            if (allowedBy[i] == null && r.selector().selects(f)) {
                if (f.valueHash() == null) {
                    unhashed++;
                } else {
                    hashes.add(f.valueHash());
                }
            }
        }
        return hashes.size() + unhashed;
    }
}
