package dev.sluice.grpc;

import dev.sluice.grpc.frame.FrameError;
import dev.sluice.grpc.frame.GrpcMessage;
import dev.sluice.grpc.frame.GrpcTrailers;
import dev.sluice.grpc.walk.RecordingVisitor;
import java.util.ArrayList;
import java.util.List;

/** Records everything a GrpcBodyReader reports (test helper). */
class RecordingBodyListener extends RecordingVisitor implements GrpcBodyListener {
    final List<GrpcMessage> messages = new ArrayList<>();
    final List<byte[]> messageBytes = new ArrayList<>();
    final List<String> frameErrors = new ArrayList<>();
    final List<long[]> uninspected = new ArrayList<>();
    final List<GrpcTrailers> trailers = new ArrayList<>();
    private GrpcMessage open;

    @Override
    public void messageStart(GrpcMessage message) {
        if (open != null) {
            throw new AssertionError("messageStart inside " + open);
        }
        open = message;
    }

    @Override
    public void messageEnd(GrpcMessage message, byte[] buf, int off, int len) {
        if (open != message) {
            throw new AssertionError("messageEnd without its start");
        }
        open = null;
        messages.add(message);
        messageBytes.add(java.util.Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void frameError(FrameError error, long bodyOffset) {
        frameErrors.add(error + "@" + bodyOffset);
    }

    @Override
    public void uninspected(byte[] buf, int off, int len, long bodyOffset) {
        uninspected.add(new long[] {bodyOffset, len});
    }

    @Override
    public void trailers(GrpcTrailers t, long bodyOffset) {
        trailers.add(t);
    }
}
