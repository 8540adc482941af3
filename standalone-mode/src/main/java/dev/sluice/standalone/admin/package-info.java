/**
 * The admin endpoint and Sluice's metrics. {@link dev.sluice.standalone.admin.AdminServer} serves
 * {@code /metrics}, {@code /healthz} and {@code /readyz} on a loopback address;
 * {@link dev.sluice.standalone.admin.SluiceMetrics} owns every {@code sluice_} meter and the JVM
 * and Netty binders; {@link dev.sluice.standalone.admin.MetricLabels} keeps every label value in a
 * bounded set, so no token, address, path or matched value can become a label.
 * {@code standalone-mode/ADMIN.md} lists the metrics.
 */
package dev.sluice.standalone.admin;
