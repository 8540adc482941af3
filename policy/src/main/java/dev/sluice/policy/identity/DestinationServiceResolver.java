package dev.sluice.policy.identity;

import java.util.Arrays;
import java.util.Map;

/**
 * Names the service this Sluice protects, once at start: the configured name; else
 * {@code SLUICE_SERVICE_NAME}; else {@code SERVICE_ACCOUNT} (or {@code POD_SERVICE_ACCOUNT})
 * with {@code POD_NAMESPACE} through the {@link ServiceNameRule}, so it matches how callers'
 * SPIFFE IDs are named; else the workload part of {@code POD_NAME} (the Deployment's
 * {@code -<template hash>-<suffix>} or the StatefulSet's {@code -<ordinal>} removed) in the
 * same rule; else "unknown". The environment comes in as a map, so tests need no process.
 */
public final class DestinationServiceResolver {
    private static final String GENERATED = "bcdfghjklmnpqrstvwxz2456789";
    private DestinationServiceResolver() {
    }

    public static ServiceIdentity resolve(String configured, ServiceNameRule rule, Map<String, String> env) {
        String name = ServiceNames.clean(configured);
        if (name != null) {
            return new ServiceIdentity(name, ServiceIdentity.Origin.CONFIGURED);
        }
        name = ServiceNames.clean(env.get("SLUICE_SERVICE_NAME"));
        if (name != null) {
            return new ServiceIdentity(name, ServiceIdentity.Origin.ENVIRONMENT);
        }
        String ns = blankToNull(env.get("POD_NAMESPACE"));
        String sa = blankToNull(env.get("SERVICE_ACCOUNT"));
        sa = sa != null ? sa : blankToNull(env.get("POD_SERVICE_ACCOUNT"));
        if (sa == null) {
            String pod = blankToNull(env.get("POD_NAME"));
            sa = pod == null ? null : workloadOf(pod);
        }
        if (sa != null) {
            name = rule.apply("", ns, sa);
            if (name != null) {
                return new ServiceIdentity(name, ServiceIdentity.Origin.ENVIRONMENT);
            }
        }
        return ServiceIdentity.UNKNOWN;
    }

    /**
     * The workload name of a pod: {@code checkout-7d4b9cf8c9-x2x7q → checkout},
     * {@code ledger-2 → ledger}, {@code agent-x2x7q → agent}. A heuristic on Kubernetes' naming
     * (template hashes of 6 to 10 and suffixes of 5 characters, both from the vowel-free
     * alphabet Kubernetes generates names from, so {@code my-service-x2x7q → my-service}).
     */
    static String workloadOf(String pod) {
        String[] parts = pod.strip().split("-", -1);
        int keep = parts.length;
        if (keep > 1 && isDigits(parts[keep - 1])) {
            keep--;
        } else if (keep > 1 && parts[keep - 1].length() == 5 && isGenerated(parts[keep - 1])) {
            keep--;
            String hash = parts[keep - 1];
            if (keep > 1 && hash.length() >= 6 && hash.length() <= 10 && isGenerated(hash)) {
                keep--;
            }
        }
        return String.join("-", Arrays.copyOf(parts, keep));
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Characters of Kubernetes' generated names (k8s.io/apimachinery rand.SafeEncodeString). */
    private static boolean isGenerated(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (GENERATED.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
