package dev.sluice.standalone.admin;

/**
 * Whether Sluice is ready for traffic, as {@code /readyz} reports it: false until {@code serve}
 * has loaded its policy and built its matchers and marks it ready; it may mark it not ready
 * again while draining. Thread-safe.
 */
public final class Readiness {
    private volatile boolean ready;

    public void markReady() {
        ready = true;
    }

    public void markNotReady() {
        ready = false;
    }

    public boolean isReady() {
        return ready;
    }

    @Override
    public String toString() {
        return ready ? "Readiness[ready]" : "Readiness[not ready]";
    }
}
