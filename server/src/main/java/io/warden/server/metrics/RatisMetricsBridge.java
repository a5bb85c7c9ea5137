package io.warden.server.metrics;

import com.codahale.metrics.Clock;
import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Reservoir;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.impl.RatisMetricRegistryImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis's own metrics for the Prometheus exposition. Ratis keeps them in registries of a
 * <em>shaded</em> Dropwizard ({@code org.apache.ratis.thirdparty.com.codahale.metrics}), one per
 * component and member, created and dropped as roles change (the leader's log appenders exist
 * only while it leads). So on each scrape this walks the registries of this server's member,
 * mirrors every metric into a fresh, plain Dropwizard registry through read-through adapters, and
 * lets the same Dropwizard-to-Prometheus conversion as Warden's own metrics export it.
 *
 * <p>Names: Ratis's {@code ratis.<component>.<member>.<metric>} loses the member (this server has
 * one), e.g. {@code ratis.log_worker.n1@group-ABB3109A44C1.flushTime} becomes
 * {@code ratis_log_worker_flushTime}. Ratis publishes the same metrics to JMX itself (domain
 * {@code ratis}); this class leaves that alone. It is the only class that sees shaded types.
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

  /** A plain Dropwizard registry whose metrics read through to this server's Ratis metrics now. */
  MetricRegistry mirror() {
    MetricRegistry mirror = new MetricRegistry();
    Set<String> exposedNames = new HashSet<>();
    for (RatisMetricRegistry registry : MetricRegistries.global().getMetricRegistries()) {
      MetricRegistryInfo info = registry.getMetricRegistryInfo();
      if (!info.getPrefix().startsWith(memberPrefix) || !(registry instanceof RatisMetricRegistryImpl impl)) {
        continue;
      }
      String fullPrefix = info.getApplicationName() + "." + info.getMetricsComponentName() + "." + info.getPrefix() + ".";
      String shortPrefix = info.getApplicationName() + "." + info.getMetricsComponentName() + ".";
      for (Map.Entry<String, org.apache.ratis.thirdparty.com.codahale.metrics.Metric> entry
          : impl.getDropWizardMetricRegistry().getMetrics().entrySet()) {
        String name = entry.getKey().startsWith(fullPrefix)
            ? shortPrefix + entry.getKey().substring(fullPrefix.length())
            : entry.getKey();
        // Two names that differ only in characters Prometheus cannot show would make the whole
        // scrape fail as duplicates: expose the first, skip the other.
        if (!exposedNames.add(PrometheusNaming.prometheusName(PrometheusNaming.sanitizeMetricName(name)))) {
          LOG.debug("Ratis metric {} has the Prometheus name of another; not exposed", entry.getKey());
          continue;
        }
        mirror(mirror, name, entry.getValue());
      }
    }
    return mirror;
  }

  private static void mirror(MetricRegistry mirror, String name, org.apache.ratis.thirdparty.com.codahale.metrics.Metric metric) {
    if (metric instanceof org.apache.ratis.thirdparty.com.codahale.metrics.Gauge<?> gauge) {
      mirror.register(name, (Gauge<Object>) () -> valueOf(gauge));
    } else if (metric instanceof org.apache.ratis.thirdparty.com.codahale.metrics.Counter counter) {
      mirror.register(name, new MirroredCounter(counter));
    } else if (metric instanceof org.apache.ratis.thirdparty.com.codahale.metrics.Timer timer) {
      mirror.register(name, new MirroredTimer(timer));
    } else if (metric instanceof org.apache.ratis.thirdparty.com.codahale.metrics.Meter meter) {
      mirror.register(name, new MirroredMeter(meter));
    } else if (metric instanceof org.apache.ratis.thirdparty.com.codahale.metrics.Histogram histogram) {
      mirror.register(name, new MirroredHistogram(histogram));
    }
  }

  /** A gauge that fails (Ratis reads a component that is closing) is left out of this scrape. */
  private static Object valueOf(org.apache.ratis.thirdparty.com.codahale.metrics.Gauge<?> gauge) {
    try {
      return gauge.getValue();
    } catch (RuntimeException e) {
      LOG.debug("A Ratis gauge failed; left out of this scrape", e);
      return null;
    }
  }

  private static final class MirroredCounter extends Counter {
    private final org.apache.ratis.thirdparty.com.codahale.metrics.Counter source;

    MirroredCounter(org.apache.ratis.thirdparty.com.codahale.metrics.Counter source) {
      this.source = source;
    }

    @Override
    public long getCount() {
      return source.getCount();
    }
  }

  private static final class MirroredMeter extends Meter {
    private final org.apache.ratis.thirdparty.com.codahale.metrics.Meter source;

    MirroredMeter(org.apache.ratis.thirdparty.com.codahale.metrics.Meter source) {
      this.source = source;
    }

    @Override
    public long getCount() {
      return source.getCount();
    }

    @Override
    public double getMeanRate() {
      return source.getMeanRate();
    }

    @Override
    public double getOneMinuteRate() {
      return source.getOneMinuteRate();
    }

    @Override
    public double getFiveMinuteRate() {
      return source.getFiveMinuteRate();
    }

    @Override
    public double getFifteenMinuteRate() {
      return source.getFifteenMinuteRate();
    }
  }

  private static final class MirroredHistogram extends Histogram {
    private final org.apache.ratis.thirdparty.com.codahale.metrics.Histogram source;

    MirroredHistogram(org.apache.ratis.thirdparty.com.codahale.metrics.Histogram source) {
      super(NoReservoir.INSTANCE);
      this.source = source;
    }

    @Override
    public long getCount() {
      return source.getCount();
    }

    @Override
    public Snapshot getSnapshot() {
      return new MirroredSnapshot(source.getSnapshot());
    }
  }

  private static final class MirroredTimer extends Timer {
    private final org.apache.ratis.thirdparty.com.codahale.metrics.Timer source;

    MirroredTimer(org.apache.ratis.thirdparty.com.codahale.metrics.Timer source) {
      super(new Meter(), new Histogram(NoReservoir.INSTANCE), Clock.defaultClock());
      this.source = source;
    }

    @Override
    public long getCount() {
      return source.getCount();
    }

    @Override
    public Snapshot getSnapshot() {
      return new MirroredSnapshot(source.getSnapshot());
    }

    @Override
    public double getMeanRate() {
      return source.getMeanRate();
    }

    @Override
    public double getOneMinuteRate() {
      return source.getOneMinuteRate();
    }

    @Override
    public double getFiveMinuteRate() {
      return source.getFiveMinuteRate();
    }

    @Override
    public double getFifteenMinuteRate() {
      return source.getFifteenMinuteRate();
    }
  }

  private static final class MirroredSnapshot extends Snapshot {
    private final org.apache.ratis.thirdparty.com.codahale.metrics.Snapshot source;

    MirroredSnapshot(org.apache.ratis.thirdparty.com.codahale.metrics.Snapshot source) {
      this.source = source;
    }

    @Override
    public double getValue(double quantile) {
      return source.getValue(quantile);
    }

    @Override
    public long[] getValues() {
      return source.getValues();
    }

    @Override
    public int size() {
      return source.size();
    }

    @Override
    public long getMax() {
      return source.getMax();
    }

    @Override
    public double getMean() {
      return source.getMean();
    }

    @Override
    public long getMin() {
      return source.getMin();
    }

    @Override
    public double getStdDev() {
      return source.getStdDev();
    }

    @Override
    public void dump(OutputStream output) {
      source.dump(output);
    }
  }

  /** The mirrors read their source's snapshot; the reservoir their superclass wants is never used. */
  private enum NoReservoir implements Reservoir {
    INSTANCE;

    @Override
    public int size() {
      return 0;
    }

    @Override
    public void update(long value) {
      throw new UnsupportedOperationException("a mirror of a Ratis metric is read-only");
    }

    @Override
    public Snapshot getSnapshot() {
      throw new UnsupportedOperationException("a mirror of a Ratis metric reads its source's snapshot");
    }
  }
}
