package dev.sluice.standalone.proxy.spi;

/**
 * What the proxy does when a verdict cannot be had in time: a held body grew past its hold
 * limit, or the filter failed.
 */
public enum FailMode {
    /**
     * Let the message through without a verdict: held headers and bytes leave, the rest streams.
     * A block that comes later can then only reset the stream.
     */
    OPEN,
    /**
     * Refuse the message: a request gets 413 (over the hold limit) or 500 (filter failure), a
     * response 502; once headers have left, the stream is reset.
     */
    CLOSED
}
