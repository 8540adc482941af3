package dev.sluice.standalone.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.redact.BodyRewriter;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Decision;
import dev.sluice.policy.DecisionRequest;
import dev.sluice.policy.FindingDecision;
import dev.sluice.policy.HttpTokens;
import dev.sluice.policy.Policy;
import dev.sluice.policy.Verdict;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyLoader;
import dev.sluice.standalone.exchange.Conclusion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code sluice scan --policy FILE --out DIR}: decides each scanned body as a front end holding
 * it whole would ({@link Policy#decide}) on the route its {@link Target} selects, records the
 * route, each finding's action and the policy entry that decided it, and the verdict in the
 * printed line (a body whose inspection stopped, as at the route's {@code max_inspected_bytes},
 * refused where its fail rule fails closed, with the {@code reason}), and writes the body as
 * Sluice would forward it to {@code DIR/<file>}: redacted (a second, rewriting pass), or
 * unchanged when blocked or in detect mode. A Content-Encoded
 * body is written decoded, as a rewriting session forwards it.
 */
final class ScanRedaction {
    private final Policy policy;
    private final Path outDir;
    private final Target target;
    private final PrintStream err;

    /**
     * The request a scanned body is taken to belong to, which selects the policy's route
     * ({@code --method}, {@code --host}, {@code --path}): by default {@code POST /} on no host,
     * the defaults unless a route matches everything. A manifest's gRPC method replaces the path.
     */
    record Target(String method, String host, String path) {
        static final Target DEFAULT = new Target("POST", "", "/");

        Target {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("--path must start with /, not '" + path + "'");
            }
            if (!HttpTokens.is(method)) {
                throw new IllegalArgumentException("--method must be an HTTP method such as GET, not '" + method + "'");
            }
        }

        RouteKey key(String grpcMethod, Direction direction) {
            return grpcMethod != null
                    ? RouteKey.grpc(host, grpcMethod.startsWith("/") ? grpcMethod : "/" + grpcMethod, null, null, direction)
                    : RouteKey.http(host, path, method, direction);
        }
    }

    private ScanRedaction(Policy policy, Path outDir, Target target, PrintStream err) {
        this.policy = policy;
        this.outDir = outDir;
        this.target = target;
        this.err = err;
    }

    /**
     * The policy file (null: the embedded default), output folder (null: none) and request
     * target; null after printing why not.
     */
    static ScanRedaction load(String policyFile, String outDir, Target target, PrintStream err) {
        PolicyLoader loader = PolicyLoader.builder().build();
        Policy policy;
        if (policyFile == null) {
            policy = loader.loadDefault();
        } else {
            LoadResult r = loader.load(Path.of(policyFile));
            if (!r.ok()) {
                err.println("sluice scan: policy " + policyFile + " does not load:");
                err.println(PolicyLoader.format(policyFile, r.errors()));
                return null;
            }
            policy = r.policy();
        }
        Path dir = outDir == null ? null : Path.of(outDir);
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                err.println("sluice scan: cannot create output folder " + outDir + ": " + e.getMessage());
                return null;
            }
        }
        return new ScanRedaction(policy, dir, target, err);
    }

    /**
     * The bound the route of this body's request puts on the bytes inspected in {@code direction}
     * (the policy's {@code limits.max_inspected_bytes}), or 0 when it sets none.
     */
    long maxInspectedBytes(String grpcMethod, Direction direction) {
        return policy.rules(target.key(grpcMethod, direction)).plan().limits().maxInspectedBytes();
    }

    /**
     * Decides {@code result}'s findings, adds {@code action} to each printed finding and the
     * verdict to {@code line}, and writes the forwarded body. False when it could not be written.
     */
    boolean apply(Inspector inspector, String name, BodySpec spec, String grpcMethod, byte[] body,
                  InspectionResult result, ObjectNode line) {
        List<Finding> findings = result.findings();
        Decision decision = policy.decide(new DecisionRequest(target.key(grpcMethod, spec.direction()), null, null,
                null, findings.stream().map(PolicyPlans::policyFinding).toList()));
        ArrayNode printed = (ArrayNode) line.get("findings");
        for (int i = 0; i < printed.size() && i < decision.findings().size(); i++) {
            FindingDecision fd = decision.findings().get(i);
            ((ObjectNode) printed.get(i)).put("action", fd.action().label()).put("rule", fd.rule());
        }
        // As a front end concludes: an inspection that stopped (a limit, a parse error) is refused
        // where the route's fail rule fails closed on it.
        Conclusion c = Conclusion.of(decision, result.outcome());
        line.put("route", decision.route());
        line.put("verdict", c.blocks() ? "block" : decision.verdict().name().toLowerCase(java.util.Locale.ROOT));
        if (decision.detectOnly()) {
            line.put("would_be", c.wouldBlock() ? "block" : decision.wouldBeVerdict().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (c.wouldBlock()) {
            line.put("reason", c.blockReason());
        }
        if (outDir == null) {
            return true;
        }
        byte[] forwarded = body;
        if (!c.blocks() && decision.verdict() == Verdict.ALLOW && !decision.redactions().isEmpty()) {
            BodyRewriter.Rewritten r = BodyRewriter.rewrite(inspector, spec, body, PolicyPlans.of(decision, findings));
            forwarded = r.body();
            line.put("redacted", r.result().redactedValues());
        }
        return write(name, forwarded);
    }

    /**
     * Writes to {@code DIR/name} ({@code DIR/stdin} for standard input); an absolute ad-hoc path is
     * placed under DIR without its root.
     */
    private boolean write(String name, byte[] bytes) {
        Path relative = Path.of(name.equals(ScanCommand.STDIN) ? "stdin" : name);
        if (relative.isAbsolute()) {
            relative = relative.getRoot().relativize(relative);
        }
        Path target = outDir.resolve(relative).normalize();
        if (!target.startsWith(outDir.normalize()) || target.equals(outDir.normalize())) {
            err.println("sluice scan: " + name + ": not a path inside the output folder, not written");
            return false;
        }
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, bytes);
            return true;
        } catch (IOException e) {
            err.println("sluice scan: cannot write " + target + ": " + e.getMessage());
            return false;
        }
    }
}
