/**
 * The {@code text/event-stream} body parser (Server-Sent Events, WHATWG HTML, "Server-sent
 * events"): splits the stream into lines and events across any chunking, and reads each event's
 * {@code data} as the JSON body or text value its first byte shows, so that every event is
 * inspected, and released by a rewriting session, as soon as its blank line arrives.
 *
 * <p>Design note, not built yet: values cut across events. A language model's API streams its
 * answer a token per event ({@code $.choices[0].delta.content}, {@code $.delta.text}), so a card
 * number arrives as three or four values, none of which is a card. The plan: a path whose string
 * value changes from one event to the next is a delta channel; each of its values is given to the
 * matcher with the channel's last bytes before it (at most the longest match, with their own wire
 * offsets), marked as context that no finding may end inside, so a match completed by this
 * event's piece is found once. Its earlier bytes have left with their events (holding events back
 * would stall the stream), so a redaction masks the part still held, and the event records that
 * the rest had left. This needs a context-replay call on the matcher's value sink and a partial
 * mask in the stream rewriter.
 */
package dev.sluice.inspector.sse;
