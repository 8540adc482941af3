package dev.sluice.policy.identity;

import java.util.List;

/**
 * Turns a workload's namespace and service account into its service name with a template:
 * {@code {ns}}, {@code {sa}} and {@code {td}} (trust domain) are replaced, e.g. {@code
 * {sa}.{ns}} makes {@code checkout.shop}. The same rule names a caller from its SPIFFE ID and
 * this pod from its environment, so one service has one name on both sides. A SPIFFE ID that
 * is not Kubernetes-shaped is named by its trust domain and path.
 */
public final class ServiceNameRule {
    public static final String DEFAULT_TEMPLATE = "{sa}.{ns}";
    private static final List<String> PLACEHOLDERS = List.of("{ns}", "{sa}", "{td}");

    private final String template;

    private ServiceNameRule(String template) {
        this.template = template;
    }

    public static ServiceNameRule of(String template) {
        String problem = problem(template);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new ServiceNameRule(template);
    }

    /** Why {@code template} is not usable, or null: it needs {@code {sa}} and only known placeholders. */
    public static String problem(String template) {
        if (template == null || !template.contains("{sa}")) {
            return "a service name template must contain {sa}";
        }
        String rest = template;
        for (String p : PLACEHOLDERS) {
            rest = rest.replace(p, "");
        }
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            return "a service name template knows only {ns}, {sa} and {td}";
        }
        return null;
    }

    /** The service name of {@code id}, cleaned for labels; null when nothing usable is left. */
    public String apply(SpiffeId id) {
        String sa = id.serviceAccount();
        if (sa == null) {
            return ServiceNames.clean(id.trustDomain() + id.path());
        }
        return apply(id.trustDomain(), id.namespace(), sa);
    }

    /** The service name of a workload; {@code namespace} and {@code trustDomain} may be empty. */
    public String apply(String trustDomain, String namespace, String serviceAccount) {
        String name = template.replace("{td}", nullToEmpty(trustDomain)).replace("{ns}", nullToEmpty(namespace))
                .replace("{sa}", serviceAccount);
        // A missing namespace or trust domain must not leave a dangling separator ("checkout.").
        name = trimSeparators(name);
        return ServiceNames.clean(name);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String trimSeparators(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && ".-_/:".indexOf(s.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && ".-_/:".indexOf(s.charAt(b - 1)) >= 0) {
            b--;
        }
        return s.substring(a, b);
    }

    public String template() {
        return template;
    }

    @Override
    public String toString() {
        return "ServiceNameRule[" + template + "]";
    }
}
