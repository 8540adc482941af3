/**
 * Hot reload: {@link dev.sluice.policy.reload.PolicyHolder} holds the policy in force and
 * {@link dev.sluice.policy.reload.PolicyWatcher} replaces it when the file changes and the new
 * version is valid; an invalid version leaves the last good one in force and is reported to a
 * {@link dev.sluice.policy.reload.ReloadListener}.
 */
package dev.sluice.policy.reload;
