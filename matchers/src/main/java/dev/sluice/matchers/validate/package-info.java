/**
 * Validators: the second look a detector takes at a candidate its Hyperscan pattern found,
 * deciding whether the bytes really are what the detector claims (checksums such as Luhn,
 * ISO 7064 mod 97, ABA and token CRC-32; ranges such as SSN areas and IPv4 octets; decoding such
 * as a JWT's header; placeholder and mask rules from TAXONOMY.md).
 *
 * <p>This package owns {@link dev.sluice.matchers.validate.ByteValidator}, the
 * {@link dev.sluice.matchers.validate.CandidateView} it reads, and one small package-private
 * class per rule, all listed by name in {@link dev.sluice.matchers.validate.Validators}. Every
 * validator is stateless, thread-safe and total: any bytes (empty, invalid UTF-8, huge) give
 * true or false, never an exception, and every loop is bounded by the candidate length. They
 * read bytes in place and allocate nothing per call; the two that need working memory use
 * per-thread scratch ({@code Scratch}).
 */
package dev.sluice.matchers.validate;
