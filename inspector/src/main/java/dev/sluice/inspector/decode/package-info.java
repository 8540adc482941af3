/**
 * Streaming Content-Encoding decoding (RFC 9110 §8.4): the stage of an inspection session that
 * sits in front of the body parsers and turns compressed body bytes back into the representation
 * the parsers understand.
 *
 * <p>This package owns:
 * <ul>
 *   <li>reading the {@code Content-Encoding} header and chaining one decoding stage per coding,
 *       outermost coding first ({@link dev.sluice.inspector.decode.ContentDecoding});</li>
 *   <li>one {@link dev.sluice.inspector.ByteSink} per coding: gzip (RFC 1952), deflate (RFC 1950,
 *       or raw RFC 1951 as many servers send it), br (RFC 7932) and zstd (RFC 8878);</li>
 *   <li>the decompression limits of {@link dev.sluice.inspector.InspectionLimits} (decoded size and
 *       decoded/compressed ratio), enforced while output is produced, in bounded steps, so a small
 *       bomb never gets to allocate or decode its full size;</li>
 *   <li>the native decoder state (zlib, brotli, zstd) each stage holds, and its release;</li>
 *   <li>after the codings, the charset of a text body that does not write ASCII as ASCII (UTF-16,
 *       UTF-32, EBCDIC), re-encoded to UTF-8 for the parsers
 *       ({@link dev.sluice.inspector.decode.BodyCharset}, {@link dev.sluice.inspector.decode.Transcoder}).</li>
 * </ul>
 *
 * <p>Nothing here throws on hostile input: a corrupt, truncated, unsupported or oversized body
 * becomes an {@link dev.sluice.inspector.Outcome} on the session's
 * {@link dev.sluice.inspector.OutcomeRecorder}. No body byte ever appears in an outcome detail.
 */
package dev.sluice.inspector.decode;
