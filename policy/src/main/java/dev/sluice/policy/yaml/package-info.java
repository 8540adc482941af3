/**
 * The policy file: a location-keeping YAML tree, the readers that map it onto the policy model
 * section by section, and {@link dev.sluice.policy.yaml.PolicyError}s with line and column,
 * all reported at once, with a nearest-name suggestion for unknown keys, detectors and values.
 * {@link dev.sluice.policy.yaml.PolicyLoader} is the entry point ({@code sluice check-policy}).
 */
package dev.sluice.policy.yaml;
