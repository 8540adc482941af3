/**
 * Redaction masks: what replaces a found value in a body. Each style is one small class;
 * {@link dev.sluice.policy.mask.MaskSpec} is the configured form, bound to a detector id when a
 * decision is made. The inspector applies a {@link dev.sluice.policy.mask.Mask} to the value's
 * bytes as they are on the wire.
 */
package dev.sluice.policy.mask;
