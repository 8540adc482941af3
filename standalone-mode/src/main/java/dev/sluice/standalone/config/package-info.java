/**
 * Sluice's own settings for {@code sluice serve}: {@link dev.sluice.standalone.config.SluiceConfig}
 * (immutable, from a builder), read by {@link dev.sluice.standalone.config.SluiceConfigLoader} from
 * {@code sluice.yaml} and environment variables (environment over file over defaults), with every
 * error reported at its line and column or under its variable's name. The keyed-hash key is
 * loaded by {@link dev.sluice.standalone.config.HashKey}. {@code standalone-mode/CONFIG.md} lists
 * every key and variable.
 */
package dev.sluice.standalone.config;
