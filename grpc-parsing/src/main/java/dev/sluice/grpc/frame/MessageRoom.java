package dev.sluice.grpc.frame;

/**
 * Where a reader asks for room before its message buffer grows: a process that bounds what all
 * its bodies hold together answers no when that bound would be passed. A message without room is
 * not buffered; its bytes stream on uninspected ({@link FrameError#NO_ROOM}), as a message over
 * the size limit does.
 */
@FunctionalInterface
public interface MessageRoom {
    /** Room for any buffer: nothing bounds what is held beyond each message's own limit. */
    MessageRoom UNBOUNDED = capacity -> true;

    /**
     * Whether a buffer of {@code capacity} bytes may be kept, replacing what was granted before
     * ({@code 0} gives it all back). False leaves the earlier grant as it was.
     */
    boolean holds(long capacity);
}
