package io.warden.chaos.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bridge in a namespace of its own and hosts, each a namespace whose {@code eth0} is one end of
 * a veth pair created in the bridge namespace and attached to the bridge. The pair is created
 * inside the bridge namespace with its peer moved straight into the host's, so nothing, not even
 * for a moment, exists in the root namespace. No host has a default route: the subnet is all there
 * is. Names are {@code wc-<runId>-<host>}; {@link #remove()} deletes every namespace created.
 */
public final class TestNetwork {
  /** Every namespace of a chaos run starts with this. */
  public static final String PREFIX = "wc-";
  private static final String SUBNET = "10.77.0.";
  private static final String BRIDGE = "br0";

  private final String runId;
  private final String bridgeNamespace;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final List<String> created = Collections.synchronizedList(new ArrayList<>());

  public TestNetwork(String runId) {
    this.runId = runId;
    this.bridgeNamespace = namespace("br");
  }

  /** The namespace name for {@code host} in this run. */
  public String namespace(String host) {
    return PREFIX + runId + "-" + host;
  }

  /** Creates the bridge namespace and its bridge. */
  public void createBridge() {
    addNamespace(bridgeNamespace);
    Command.run("ip", "-n", bridgeNamespace, "link", "set", "lo", "up");
    Command.run("ip", "-n", bridgeNamespace, "link", "add", BRIDGE, "type", "bridge");
    Command.run("ip", "-n", bridgeNamespace, "link", "set", BRIDGE, "up");
  }

  /** Adds a host with address 10.77.0.{@code octet}. */
  public Host addHost(String name, int octet) {
    String ns = namespace(name);
    String address = SUBNET + octet;
    addNamespace(ns);
    String port = "v-" + name; // an interface name: at most 15 bytes, unique in the bridge ns
    Command.run("ip", "-n", bridgeNamespace, "link", "add", port, "type", "veth", "peer", "name",
        "eth0", "netns", ns);
    Command.run("ip", "-n", bridgeNamespace, "link", "set", port, "master", BRIDGE, "up");
    Command.run("ip", "-n", ns, "link", "set", "lo", "up");
    Command.run("ip", "-n", ns, "addr", "add", address + "/24", "dev", "eth0");
    Command.run("ip", "-n", ns, "link", "set", "eth0", "up");
    Host host = new Host(name, ns, address);
    hosts.put(name, host);
    return host;
  }

  public Host host(String name) {
    Host host = hosts.get(name);
    if (host == null) {
      throw new IllegalArgumentException("no host " + name);
    }
    return host;
  }

  /** The namespaces created so far (for the record of what to remove). */
  public List<String> namespaces() {
    synchronized (created) {
      return List.copyOf(created);
    }
  }

  private void addNamespace(String ns) {
    Command.run("ip", "netns", "add", ns);
    created.add(ns);
  }

  /**
   * Deletes the namespaces created, hosts first. Their interfaces, addresses and iptables rules go
   * with them. Processes still inside a namespace keep it alive after its name is gone, so stop
   * them first. Idempotent; returns what could not be deleted.
   */
  public List<String> remove() {
    List<String> failed = new ArrayList<>();
    List<String> all;
    synchronized (created) {
      all = new ArrayList<>(created);
      created.clear();
    }
    Collections.reverse(all);
    for (String ns : all) {
      Command.Result result = Command.tryRun("ip", "netns", "del", ns);
      if (!result.ok() && listNamespaces().contains(ns)) {
        failed.add(ns + " (" + result.stderr().strip() + ")");
      }
    }
    return failed;
  }

  /** The names of all network namespaces on the machine. */
  public static List<String> listNamespaces() {
    Command.Result result = Command.tryRun("ip", "netns", "list");
    List<String> names = new ArrayList<>();
    if (result.ok()) {
      for (String line : result.stdout().split("\n")) {
        String name = line.strip().split("\\s+")[0];
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
