package io.warden.server.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registry of Ratis's metrics (a component of one server), kept in a plain Dropwizard
 * registry with Warden's timers ({@link WardenMetrics#newTimer}). Names as Ratis's own implementation gives them:
 * {@code <application>.<component>.<member>.<metric>}.
 */
final class RatisRegistry implements RatisMetricRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(RatisRegistry.class);

  private final MetricRegistryInfo info;
  private final String namePrefix;
  private final MetricRegistry registry = new MetricRegistry();

  RatisRegistry(MetricRegistryInfo info) {
    this.info = info;
    this.namePrefix = MetricRegistry.name(info.getApplicationName(), info.getMetricsComponentName(), info.getPrefix());
  }

  @Override
  public Timekeeper timer(String name) {
    Timer timer = registry.timer(fullName(name), WardenMetrics::newTimer);
    return () -> timer.time()::stop;
  }

  @Override
  public LongCounter counter(String name) {
    Counter counter = registry.counter(fullName(name));
    return new LongCounter() {
      @Override
      public void inc(long n) {
        counter.inc(n);
      }

      @Override
      public void dec(long n) {
        counter.dec(n);
      }

      @Override
      public long getCount() {
        return counter.getCount();
      }
    };
  }

  @Override
  public boolean remove(String name) {
    return registry.remove(fullName(name));
  }

  @Override
  public <T> void gauge(String name, Supplier<Supplier<T>> gaugeSupplier) {
    registry.gauge(fullName(name), () -> {
      Supplier<T> value = gaugeSupplier.get();
      return (Gauge<T>) () -> valueOf(value);
    });
  }

  @Override
  public MetricRegistryInfo getMetricRegistryInfo() {
    return info;
  }

  /** The Dropwizard registry behind this one, for exposition. */
  MetricRegistry dropwizard() {
    return registry;
  }

  private String fullName(String name) {
    return MetricRegistry.name(namePrefix, name);
  }

  /** A gauge that fails (Ratis reads a component that is closing) shows no value this time. */
  private static <T> T valueOf(Supplier<T> value) {
    try {
      return value.get();
    } catch (RuntimeException e) {
      LOG.debug("A Ratis gauge failed; no value this time", e);
      return null;
    }
  }
}
