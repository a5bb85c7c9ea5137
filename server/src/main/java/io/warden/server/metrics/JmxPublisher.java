package io.warden.server.metrics;

import com.codahale.metrics.jmx.DefaultObjectNameFactory;
import com.codahale.metrics.jmx.JmxReporter;
import com.codahale.metrics.jmx.ObjectNameFactory;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Publishes Warden's registry as MBeans in domain {@code io.warden}, one per metric, named
 * {@code io.warden:node=<id>,type=<kind>,name=<metric>} (the node key keeps servers sharing one
 * JVM, as in tests, apart). Durations are in seconds, as the metric names say. Ratis publishes its
 * own metrics itself, in domain {@code ratis}.
 */
public final class JmxPublisher implements AutoCloseable {
  public static final String DOMAIN = "io.warden";

  private final JmxReporter reporter;

  public JmxPublisher(WardenMetrics metrics, String nodeId) {
    this.reporter = JmxReporter.forRegistry(metrics.registry())
        .inDomain(DOMAIN)
        .createsObjectNamesWith(new NodeScopedNames(nodeId))
        .convertDurationsTo(TimeUnit.SECONDS)
        .convertRatesTo(TimeUnit.SECONDS)
        .build();
    reporter.start();
  }

  @Override
  public void close() {
    reporter.stop();
  }

  /** Dropwizard's default names with this server's id added. */
  private static final class NodeScopedNames implements ObjectNameFactory {
    private final ObjectNameFactory defaults = new DefaultObjectNameFactory();
    private final String node;

    NodeScopedNames(String nodeId) {
      this.node = needsQuoting(nodeId) ? ObjectName.quote(nodeId) : nodeId;
    }

    private static boolean needsQuoting(String value) {
      return value.chars().anyMatch(c -> ",=:\"*?\n".indexOf(c) >= 0);
    }

    @Override
    public ObjectName createName(String type, String domain, String name) {
      ObjectName base = defaults.createName(type, domain, name);
      Hashtable<String, String> keys = new Hashtable<>(base.getKeyPropertyList());
      keys.put("node", node);
      try {
        return new ObjectName(base.getDomain(), keys);
      } catch (MalformedObjectNameException e) {
        throw new IllegalArgumentException("no JMX name for metric " + name + " of node " + node, e);
      }
    }
  }
}
