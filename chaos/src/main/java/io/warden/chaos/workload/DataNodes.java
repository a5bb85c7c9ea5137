package io.warden.chaos.workload;

import io.warden.chaos.cluster.NamespacedJvm;
import io.warden.chaos.net.Host;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The harness's side of the data nodes ({@link DataNodeWorker}), one JVM per host: starts them,
 * and for the nemesis kills, restarts (a new incarnation of the same node id, in the same
 * namespace, appending to the same history file) and pauses them. Thread-safe.
 */
public final class DataNodes {
  private final List<Host> hosts;
  private final BiFunction<Host, Integer, NamespacedJvm.Spec> spec;
  private final Map<String, NamespacedJvm> jvms = new LinkedHashMap<>();
  private final Map<String, ControlChannel> channels = new LinkedHashMap<>();
  private final Map<String, Integer> incarnations = new LinkedHashMap<>();

  /**
   * @param hosts one per data node, named for its node id
   * @param spec how to start the node of a host in its n-th incarnation (0 first)
   */
  public DataNodes(List<Host> hosts, BiFunction<Host, Integer, NamespacedJvm.Spec> spec) {
    this.hosts = List.copyOf(hosts);
    this.spec = spec;
  }

  /** The hosts, in order. */
  public List<Host> hosts() {
    return hosts;
  }

  /** Starts every node for the first time. */
  public void startAll() {
    hosts.forEach(this::start);
  }

  /** Starts the node of {@code host}: its next incarnation. */
  public synchronized NamespacedJvm start(Host host) {
    int incarnation = incarnations.merge(host.name(), 1, Integer::sum) - 1;
    NamespacedJvm jvm = NamespacedJvm.start(spec.apply(host, incarnation));
    jvms.put(host.name(), jvm);
    channels.put(host.name(), new ControlChannel(jvm));
    return jvm;
  }

  /** SIGKILL of node {@code name}; {@link #restart} starts it again. */
  public void kill(String name) {
    jvm(name).kill();
  }

  /** Starts node {@code name} again after a kill. */
  public void restart(String name) {
    start(hosts.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow());
  }

  /** The node's current process. */
  public synchronized NamespacedJvm jvm(String name) {
    return jvms.get(name);
  }

  /** The current processes by node id (a snapshot). */
  public synchronized Map<String, NamespacedJvm> jvms() {
    return new LinkedHashMap<>(jvms);
  }

  /** The current processes' control channels by node id (a snapshot). */
  public synchronized Map<String, ControlChannel> channels() {
    return new LinkedHashMap<>(channels);
  }

  /** The node ids that run now and are not paused. */
  public synchronized List<String> running() {
    return jvms.entrySet().stream()
        .filter(e -> e.getValue().isAlive() && !e.getValue().isPaused())
        .map(Map.Entry::getKey).toList();
  }

  /** Resumes paused nodes and restarts dead ones: for the end of the fault phase. */
  public synchronized void reviveAll() {
    for (Host host : hosts) {
      NamespacedJvm jvm = jvms.get(host.name());
      if (jvm == null || !jvm.isAlive()) {
        start(host);
      } else if (jvm.isPaused()) {
        jvm.resume();
      }
    }
  }

  /** SIGKILL to every node still running (cleanup). */
  public void killAll() {
    jvms().values().forEach(jvm -> {
      if (jvm.isAlive()) {
        jvm.kill();
      }
    });
  }
}
