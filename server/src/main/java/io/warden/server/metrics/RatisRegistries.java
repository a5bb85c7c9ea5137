package io.warden.server.metrics;

import com.codahale.metrics.jmx.JmxReporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.util.TimeDuration;

/**
 * Where Ratis keeps its metrics in a Warden server, in place of {@code ratis-metrics-default}
 * (found by Ratis through {@code META-INF/services}). That implementation's timers update a
 * Dropwizard {@code ExponentiallyDecayingReservoir}, a {@code ConcurrentSkipListMap} insert per
 * sample: 5–7 % of every server's CPU samples in the uncontended benchmark, for metrics scraped a
 * few times a minute. Here every registry is a {@link RatisRegistry} (plain Dropwizard, timers over
 * a sliding window of samples), published to JMX in domain {@code ratis} as before and to Prometheus by
 * {@link RatisMetricsBridge}.
 *
 * <p>Registries are reference-counted as the {@link MetricRegistries} contract says: Ratis creates
 * one per component and member, and drops it when the component closes.
 */
public final class RatisRegistries extends MetricRegistries {
  static final String JMX_DOMAIN = "ratis";

  private final Map<MetricRegistryInfo, Counted> registries = new HashMap<>();
  private final List<Consumer<RatisMetricRegistry>> reporterRegistrations = new CopyOnWriteArrayList<>();
  private final List<Consumer<RatisMetricRegistry>> stopReporters = new CopyOnWriteArrayList<>();
  private final Map<RatisMetricRegistry, JmxReporter> jmxReporters = new HashMap<>();

  private static final class Counted {
    final RatisRegistry registry;
    int references;

    Counted(RatisRegistry registry) {
      this.registry = registry;
    }
  }

  /** Publishes to JMX from the start, as Ratis's own implementation does by default. */
  public RatisRegistries() {
    enableJmxReporter();
  }

  @Override
  public synchronized RatisMetricRegistry create(MetricRegistryInfo info) {
    Counted counted = registries.get(info);
    if (counted == null) {
      counted = new Counted(new RatisRegistry(info));
      registries.put(info, counted);
      RatisRegistry created = counted.registry;
      reporterRegistrations.forEach(registration -> registration.accept(created));
    }
    counted.references++;
    return counted.registry;
  }

  @Override
  public synchronized boolean remove(MetricRegistryInfo info) {
    Counted counted = registries.get(info);
    if (counted == null || --counted.references > 0) {
      return false;
    }
    registries.remove(info);
    stopReporters.forEach(stop -> stop.accept(counted.registry));
    return true;
  }

  @Override
  public synchronized Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
    return Optional.ofNullable(registries.get(info)).map(counted -> counted.registry);
  }

  @Override
  public synchronized Set<MetricRegistryInfo> getMetricRegistryInfos() {
    return Set.copyOf(registries.keySet());
  }

  @Override
  public synchronized Collection<RatisMetricRegistry> getMetricRegistries() {
    List<RatisMetricRegistry> all = new ArrayList<>();
    registries.values().forEach(counted -> all.add(counted.registry));
    return all;
  }

  @Override
  public synchronized void clear() {
    registries.values().forEach(counted -> stopReporters.forEach(stop -> stop.accept(counted.registry)));
    registries.clear();
  }

  @Override
  public void addReporterRegistration(Consumer<RatisMetricRegistry> reporterRegistration,
                                      Consumer<RatisMetricRegistry> stopReporter) {
    reporterRegistrations.add(reporterRegistration);
    stopReporters.add(stopReporter);
  }

  @Override
  public void removeReporterRegistration(Consumer<RatisMetricRegistry> reporterRegistration,
                                         Consumer<RatisMetricRegistry> stopReporter) {
    reporterRegistrations.remove(reporterRegistration);
    stopReporters.remove(stopReporter);
  }

  @Override
  public void enableJmxReporter() {
    addReporterRegistration(this::startJmx, this::stopJmx);
  }

  /** Not offered: a server logs through SLF4J, and metrics go to /metrics and JMX. */
  @Override
  public void enableConsoleReporter(TimeDuration consoleReportRate) {
    throw new UnsupportedOperationException("Warden publishes Ratis metrics to /metrics and JMX only");
  }

  private synchronized void startJmx(RatisMetricRegistry registry) {
    if (registry instanceof RatisRegistry ours && !jmxReporters.containsKey(registry)) {
      JmxReporter reporter = JmxReporter.forRegistry(ours.dropwizard()).inDomain(JMX_DOMAIN).build();
      reporter.start();
      jmxReporters.put(registry, reporter);
    }
  }

  private synchronized void stopJmx(RatisMetricRegistry registry) {
    JmxReporter reporter = jmxReporters.remove(registry);
    if (reporter != null) {
      reporter.stop();
    }
  }
}
