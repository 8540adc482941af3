/**
 * The proxy's filter SPI: how inspection and policy see one exchange as it passes through the
 * sidecar proxy, without depending on Netty.
 *
 * <p>An {@link dev.sluice.standalone.proxy.spi.ExchangeFilterFactory} makes one
 * {@link dev.sluice.standalone.proxy.spi.ExchangeFilter} per exchange. For each direction the
 * filter's {@link dev.sluice.standalone.proxy.spi.MessageFilter} decides on the headers
 * ({@link dev.sluice.standalone.proxy.spi.HeadDecision}: pass, stream, hold or reject), then sees
 * the body chunk by chunk ({@link dev.sluice.standalone.proxy.spi.ChunkResult}) and gives a
 * verdict at its end ({@link dev.sluice.standalone.proxy.spi.BodyVerdict}), with the trailers.
 * Every call for one exchange happens on one I/O thread, one at a time; calls must not block.
 */
package dev.sluice.standalone.proxy.spi;
