/**
 * Warden's metrics: one Dropwizard registry per server ({@link io.warden.server.metrics.WardenMetrics}
 * names every metric), the listeners that feed it from applied entries, its JMX publication, and
 * the Prometheus exposition that adds Ratis's own metrics to Warden's.
 *
 * <p>Depends on the state machine module (as a listener) and on Ratis's metrics only in
 * {@link io.warden.server.metrics.RatisMetricsBridge}, the one class that sees Ratis's shaded
 * Dropwizard types. Nothing here changes state or sits on a request's path beyond a counter.
 */
package io.warden.server.metrics;
