/**
 * The {@code text/event-stream} body parser (Server-Sent Events, WHATWG HTML, "Server-sent
 * events"): splits the stream into lines and events across any chunking, and reads each event's
 * {@code data} as the JSON body or text value its first byte shows, so that every event is
 * inspected, and released by a rewriting session, as soon as its blank line arrives.
 *
 * <p>Values cut across events: a language model's API streams its answer a token per event, so
 * a card number arrives as three or four values. {@link dev.sluice.inspector.delta.DeltaContext}
 * replays the last bytes a delta path sent before each of its values
 * ({@link dev.sluice.matchers.ValueSink#context}); the matcher reports what ends in the new piece
 * only, and a rewriter masks the part of such a finding its value still holds (the rest left with
 * its events: holding events back would stall the stream).
 */
package dev.sluice.inspector.sse;
