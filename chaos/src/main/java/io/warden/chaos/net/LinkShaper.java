package io.warden.chaos.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Slow links: a token-bucket filter ({@code tc qdisc ... tbf}) on a host's {@code eth0}, inside its
 * namespace, limits the rate of everything the host sends; what exceeds it waits in the queue (the
 * queueing delay of a slow link) or, past the queue's latency bound, is dropped. This kernel has
 * no {@code netem} qdisc, so fixed delays and reordering cannot be made; see {@link Firewall} for
 * random loss. {@link #heal()} removes every filter added.
 */
public final class LinkShaper {
  private static final String DEVICE = "eth0";

  private final Set<String> shaped = new LinkedHashSet<>();

  /** Limits what {@code host} sends to {@code kbit} kbit/s, queueing up to {@code latencyMillis}. */
  public synchronized void limit(Host host, int kbit, int latencyMillis) {
    Command.run("ip", "netns", "exec", host.namespace(), "tc", "qdisc", "replace", "dev", DEVICE,
        "root", "tbf", "rate", kbit + "kbit", "burst", "4kb", "latency", latencyMillis + "ms");
    shaped.add(host.namespace());
  }

  /** Removes every filter added. Idempotent; a namespace already deleted is skipped. */
  public synchronized void heal() {
    List<String> failures = new ArrayList<>();
    for (String ns : shaped) {
      Command.Result result = Command.tryRun("ip", "netns", "exec", ns, "tc", "qdisc", "del",
          "dev", DEVICE, "root");
      if (!result.ok() && TestNetwork.listNamespaces().contains(ns)) {
        failures.add(ns + ": " + result.stderr().strip());
      }
    }
    shaped.clear();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("could not remove rate limits: " + failures);
    }
  }
}
