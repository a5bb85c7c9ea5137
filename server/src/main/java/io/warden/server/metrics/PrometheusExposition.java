package io.warden.server.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One server's {@code /metrics}: Warden's Dropwizard registry and Ratis's metrics of this server
 * (through {@link RatisMetricsBridge}) in the Prometheus text exposition format 0.0.4. Dots in
 * Dropwizard names become underscores; counters get {@code _total}; timers become summaries in
 * seconds (quantiles and {@code _count}).
 */
public final class PrometheusExposition {
  /** The text format's media type, as scrapers expect it. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  public PrometheusExposition(WardenMetrics metrics, RatisMetricsBridge ratis) {
    registry.register(new DropwizardExports(metrics.registry()));
    registry.register(ratis);
  }

  /** Every metric's value now, as the body of a scrape. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    try {
      // Underscores always: the 0.0.4 text format has no quoting for other characters.
      writer.write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return out.toByteArray();
  }
}
