package dev.sluice.standalone.proxy;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * The client side of a relay ({@link Http1ServerHandler}, {@link Http2StreamServerHandler}):
 * reading is on only while no reason to pause it stands (a bit per reason).
 */
abstract class DownstreamEndpoint extends RelayEndpoint implements Downstream {
    private int pauses;

    @Override
    public Channel channel() {
        return ctx.channel();
    }

    @Override
    public void writeHead(HttpResponse head, boolean lastOnConnection) {
        ctx.write(head);
    }

    @Override
    public void write(HttpContent content) {
        ctx.write(content);
    }

    @Override
    public void pause(int reason) {
        pauses |= reason;
        setAutoRead(false);
    }

    @Override
    public void resume(int reason) {
        pauses &= ~reason;
        if (pauses == 0 && mayRead()) {
            setAutoRead(true);
        }
    }

    /** Whether reading may be switched back on at all (not while closing). */
    boolean mayRead() {
        return true;
    }
}
