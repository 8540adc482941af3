package dev.sluice.connector;

/**
 * Lines read from an {@link EventSpool}, to be sent together.
 *
 * @param id      where the batch starts ({@code <segment>-<offset>}): the same on every retry, in
 *                this process and the next, so the console can recognise a repeat
 * @param lines   whole event lines, each ending in a line feed
 * @param count   how many lines
 * @param segment the segment the batch was read from
 * @param end     the offset just past its last line, where the cursor moves on commit
 */
public record SpoolBatch(String id, byte[] lines, int count, long segment, long end) {
    @Override
    public String toString() {
        return "SpoolBatch[" + id + ", " + count + " lines, " + lines.length + " bytes]";
    }
}
