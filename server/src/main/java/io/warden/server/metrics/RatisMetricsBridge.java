package io.warden.server.metrics;

import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis's own metrics for the Prometheus exposition. Ratis keeps them in {@link RatisRegistries},
 * one registry per component and member, created and dropped as roles change (the leader's log
 * appenders exist only while it leads). So on each scrape this collects the registries of this
 * server's member into a fresh Dropwizard registry under shorter names, and lets the same
 * Dropwizard-to-Prometheus conversion as Warden's own metrics export it.
 *
 * <p>Names: Ratis's {@code ratis.<component>.<member>.<metric>} loses the member (this server has
 * one), e.g. {@code ratis.log_worker.n1@group-ABB3109A44C1.flushTime} becomes
 * {@code ratis_log_worker_flushTime}.
 */
public final class RatisMetricsBridge implements MultiCollector {
  private static final Logger LOG = LoggerFactory.getLogger(RatisMetricsBridge.class);

  private final String memberPrefix;

  /** @param serverId this server's Raft peer id; registries of other servers in the JVM are skipped */
  public RatisMetricsBridge(String serverId) {
    this.memberPrefix = serverId + "@";
  }

  @Override
  public MetricSnapshots collect() {
    return new DropwizardExports(mirror()).collect();
  }

  /** A Dropwizard registry holding this server's Ratis metrics under their short names. */
  MetricRegistry mirror() {
    MetricRegistry mirror = new MetricRegistry();
    Set<String> exposedNames = new HashSet<>();
    for (RatisMetricRegistry registry : MetricRegistries.global().getMetricRegistries()) {
      MetricRegistryInfo info = registry.getMetricRegistryInfo();
      if (!info.getPrefix().startsWith(memberPrefix) || !(registry instanceof RatisRegistry ours)) {
        continue;
      }
      String fullPrefix = info.getApplicationName() + "." + info.getMetricsComponentName() + "." + info.getPrefix() + ".";
      String shortPrefix = info.getApplicationName() + "." + info.getMetricsComponentName() + ".";
      for (Map.Entry<String, Metric> entry : ours.dropwizard().getMetrics().entrySet()) {
        String name = entry.getKey().startsWith(fullPrefix)
            ? shortPrefix + entry.getKey().substring(fullPrefix.length())
            : entry.getKey();
        // Two names that differ only in characters Prometheus cannot show would make the whole
        // scrape fail as duplicates: expose the first, skip the other.
        if (!exposedNames.add(PrometheusNaming.prometheusName(PrometheusNaming.sanitizeMetricName(name)))) {
          LOG.debug("Ratis metric {} has the Prometheus name of another; not exposed", entry.getKey());
          continue;
        }
        mirror.register(name, entry.getValue());
      }
    }
    return mirror;
  }
}
