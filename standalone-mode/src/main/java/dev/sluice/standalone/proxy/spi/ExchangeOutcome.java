package dev.sluice.standalone.proxy.spi;

/** How an exchange ended, as told to {@link ExchangeFilter#onComplete}. */
public enum ExchangeOutcome {
    /** The response was forwarded whole. */
    COMPLETED,
    /** A filter blocked the exchange and the client got a clean block answer (403, gRPC status 7). */
    BLOCKED,
    /** A filter blocked a response whose headers had already left: the stream was reset. */
    RESET_AFTER_BLOCK,
    /** A filter rejected a head with its own status. */
    REJECTED,
    /** The proxy refused the request by configuration (method, content type, HTTP version, bad request). */
    REFUSED,
    /** A held body grew past its hold limit and the fail-closed rule refused it. */
    OVER_HOLD_LIMIT,
    /** The filter threw or wrote more than allowed; the fail mode decided. */
    FILTER_FAILED,
    /** The upstream could not be reached or broke the exchange (502, or a reset once headers left). */
    UPSTREAM_FAILED,
    /** The upstream did not answer within the read timeout (504, or a reset once headers left). */
    UPSTREAM_TIMEOUT,
    /** The upstream switched the connection to WebSocket, and the tunnel has now closed. */
    WEBSOCKET_CLOSED,
    /** The client went away or stalled past the idle timeout before the exchange ended. */
    CLIENT_ABORTED
}
