package dev.sluice.policy;

import dev.sluice.matchers.Direction;
import dev.sluice.policy.budget.Budget;
import dev.sluice.policy.budget.BudgetCheck;
import dev.sluice.policy.budget.BudgetCounters;
import dev.sluice.policy.budget.BudgetStore;
import dev.sluice.policy.identity.TokenIdentity;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The policy as front ends use it: the current policy (read per call from a supplier, such as
 * a {@code PolicyHolder}, so reloads take effect at the next body) plus per-token budgets over
 * a {@link BudgetStore} that outlives reloads. Budgets count the keyed hashes of findings that
 * are not allow-listed; requests without a token identity are not budgeted. In detect mode
 * budgets are tracked and reported the same way, but nothing is blocked. The values of a body
 * that is blocked are not counted: the token never receives them.
 */
public final class PolicyEngine {
    private final Supplier<Policy> policy;
    private final BudgetStore store;
    private final BudgetCounters counters;

    public PolicyEngine(Supplier<Policy> policy, BudgetStore store, BudgetCounters counters) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.store = Objects.requireNonNull(store, "store");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    public Decision decide(DecisionRequest request) {
        Policy p = policy.get();
        Decision d = p.decide(request);
        TokenIdentity token = request.token();
        if (!token.isPresent()) {
            return d;
        }
        // A body the policy blocks is not delivered, so its values are not received (in detect mode they are).
        boolean delivered = d.verdict() == Verdict.ALLOW;
        for (Budget b : p.budgets()) {
            if (b.direction() != request.route().direction()) {
                continue;
            }
            Set<String> hashes = new LinkedHashSet<>();
            for (FindingDecision f : delivered ? d.findings() : List.<FindingDecision>of()) {
                PolicyFinding pf = f.finding();
                if (!f.allowListed() && pf.valueHash() != null && b.counts(pf.detectorId(), pf.category())) {
                    hashes.add(pf.valueHash());
                }
            }
            BudgetCheck check = store.record(b, token.value(), hashes);
            if (check.status() == BudgetCheck.Status.TRIPPED) {
                counters.recordTrip(b.name());
            }
            if (check.blocks()) {
                counters.recordBlock(b.name());
                return d.withBudgetBlock(b.name());
            }
        }
        return d;
    }

    /**
     * The name of a budget that {@code token} is cooling down from in {@code direction}, or null:
     * lets a front end refuse early, before a body is inspected.
     */
    public String coolingDown(TokenIdentity token, Direction direction) {
        if (!token.isPresent()) {
            return null;
        }
        for (Budget b : policy.get().budgets()) {
            if (b.direction() == direction && store.record(b, token.value(), Set.of()).blocks()) {
                return b.name();
            }
        }
        return null;
    }

    public BudgetCounters counters() {
        return counters;
    }

    public Policy policy() {
        return policy.get();
    }

    @Override
    public String toString() {
        return "PolicyEngine[" + store + ", " + counters + "]";
    }
}
