package io.warden.chaos.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Partitions as iptables DROP rules inside the hosts' namespaces. Blocking {@code from → to}
 * drops, in {@code to}'s INPUT chain, every packet from {@code from}'s address: the sender's
 * packets vanish silently, as on a broken link (a DROP in the sender's OUTPUT chain would instead
 * fail its sends at once with EPERM). Blocking both directions is a partition; one direction is
 * one-way loss. A lossy link drops a random fraction of what a host receives ({@code -m statistic
 * --mode random}). {@link #heal()} flushes the rules of every namespace touched.
 */
public final class Firewall {
  private final Set<String> touched = new LinkedHashSet<>();

  /** Drops every packet from {@code from} to {@code to}. */
  public synchronized void block(Host from, Host to) {
    Command.run("ip", "netns", "exec", to.namespace(), "iptables", "-w", "-A", "INPUT", "-s",
        from.address(), "-j", "DROP");
    touched.add(to.namespace());
  }

  /** Drops each packet {@code to} receives with probability {@code probability}: a lossy link. */
  public synchronized void dropRandomly(Host to, double probability) {
    Command.run("ip", "netns", "exec", to.namespace(), "iptables", "-w", "-A", "INPUT", "-m",
        "statistic", "--mode", "random", "--probability", String.format(java.util.Locale.ROOT, "%.2f", probability), "-j",
        "DROP");
    touched.add(to.namespace());
  }

  /** Removes every rule added. Idempotent; a namespace already deleted is skipped. */
  public synchronized void heal() {
    List<String> failures = new ArrayList<>();
    for (String ns : touched) {
      Command.Result result = Command.tryRun("ip", "netns", "exec", ns, "iptables", "-w", "-F",
          "INPUT");
      if (!result.ok() && TestNetwork.listNamespaces().contains(ns)) {
        failures.add(ns + ": " + result.stderr().strip());
      }
    }
    touched.clear();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("could not remove partition rules: " + failures);
    }
  }
}
