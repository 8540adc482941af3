package dev.sluice.policy.reload;

/**
 * Told about every reload attempt, on the watcher's thread: the front end logs failures and
 * counts {@code sluice_policy_reloads_total{result="success"|"failure"}}. Must not block long.
 */
@FunctionalInterface
public interface ReloadListener {
    void onReload(ReloadResult result);
}
