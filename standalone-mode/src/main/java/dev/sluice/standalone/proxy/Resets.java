package dev.sluice.standalone.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;

/** Closing a TCP connection with RST rather than FIN, so the peer cannot take a cut message for a whole one. */
final class Resets {
    private Resets() {
    }

    /** Sets SO_LINGER to 0 (close sends RST) where the socket is still open, then closes. */
    static void closeWithReset(Channel channel) {
        if (channel.isActive()) {
            try {
                channel.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (ChannelException e) {
                // The socket went away between the check and the call; a plain close is all that is left.
            }
        }
        channel.close();
    }
}
