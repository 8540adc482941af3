/**
 * Request-side attack signatures: the validators behind the {@code attack.*} detectors of
 * {@code attacks.yaml}. Hyperscan triggers (cheap, broad) select values; each validator here
 * re-reads the whole value with a small hand-written tokenizer and confirms an injection
 * context: SQL ({@link dev.sluice.matchers.attack.SqlInjectionValidator}), HTML/JS
 * ({@link dev.sluice.matchers.attack.XssValidator}), shell and template commands
 * ({@link dev.sluice.matchers.attack.CommandInjectionValidator}), path traversal
 * ({@link dev.sluice.matchers.attack.PathTraversalValidator}), server-side request forgery
 * ({@link dev.sluice.matchers.attack.SsrfTargetValidator}) and Log4Shell lookups
 * ({@link dev.sluice.matchers.attack.Log4ShellValidator}). {@link
 * dev.sluice.matchers.attack.AttackValidators} is the catalog the engine merges by name.
 *
 * <p>Every validator reads bytes, never allocates on the common path (per-thread scratch in
 * {@code AttackScratch}), never throws and runs in time linear in the value.
 */
package dev.sluice.matchers.attack;
