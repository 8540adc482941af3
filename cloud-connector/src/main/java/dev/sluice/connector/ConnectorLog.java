package dev.sluice.connector;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/**
 * The connector's lines on Sluice's log: a problem is told once when it starts and once when it
 * ends, not on every retry of an outage. Messages carry status codes and exception types, never an
 * API key, an event or a policy.
 */
final class ConnectorLog {
    private final PrintStream out;
    private final Set<String> open = new HashSet<>();

    ConnectorLog(PrintStream out) {
        this.out = out;
    }

    /** Tells {@code message} unless a problem of this {@code kind} is already told and not yet over. */
    synchronized void problem(String kind, String message) {
        if (open.add(kind)) {
            out.println("sluice: console: " + message);
        }
    }

    /** The problem of this {@code kind}, if one was told, is over. */
    synchronized void recovered(String kind, String message) {
        if (open.remove(kind)) {
            out.println("sluice: console: " + message);
        }
    }

    synchronized void info(String message) {
        out.println("sluice: console: " + message);
    }

    /** A failed call described without its details: the exception's type (its message may hold a URL). */
    static String describe(Exception e) {
        return e.getClass().getSimpleName();
    }
}
