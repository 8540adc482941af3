package dev.sluice.grpc.frame;

/**
 * Where one message of a body came from. Holds no message bytes.
 *
 * @param index         position among the body's data frames, from 0; frames refused with a
 *                      {@link FrameError} keep their number, trailer frames have none
 * @param payloadOffset body offset (as sent) of the first payload byte, after the 5-byte header
 *                      when {@code framed}
 * @param wireLength    payload length as sent (compressed length when {@code compressed})
 * @param compressed    whether the payload was compressed on the wire; the message delivered is
 *                      then the decompressed bytes, which no offset of the body as sent addresses
 * @param framed        false for a raw protobuf body (one message, no header)
 */
public record GrpcMessage(int index, long payloadOffset, int wireLength, boolean compressed, boolean framed) {

    /** Length of the gRPC frame header. */
    public static final int HEADER_LENGTH = 5;

    /** Body offset of the frame header, or of the payload for an unframed body. */
    public long frameOffset() {
        return framed ? payloadOffset - HEADER_LENGTH : payloadOffset;
    }
}
