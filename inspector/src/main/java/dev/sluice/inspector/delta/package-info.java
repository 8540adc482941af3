/**
 * Joining a text that a stream sends in pieces, one JSON document per piece (a language model's
 * token deltas in server-sent events or NDJSON lines): each string value on a delta path gets
 * the last bytes its path sent before replayed in front of it
 * ({@link dev.sluice.matchers.ValueSink#context}), so the matcher finds what crosses documents,
 * once. Opened through {@link dev.sluice.inspector.delta.DeltaContext}; across bodies that
 * follow one another (a WebSocket's messages), through a
 * {@link dev.sluice.inspector.delta.MessageSequence} they share.
 */
package dev.sluice.inspector.delta;
