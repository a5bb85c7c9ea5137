package io.warden.chaos.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether this machine can run the test network: root, and inside a throw-away namespace a
 * bridge, a veth pair and an iptables rule.
 */
public final class NetnsSupport {
  private NetnsSupport() {}

  /** Why a chaos run cannot work here, or empty if it can. */
  public static Optional<String> unsupportedReason() {
    if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
      return Optional.of("needs Linux network namespaces; this is " + System.getProperty("os.name"));
    }
    long uid = effectiveUid();
    if (uid != 0) {
      return Optional.of("needs root (ip netns, iptables); running as uid " + uid);
    }
    for (String tool : new String[] {"ip", "iptables", "ss", "kill", "tc"}) {
      if (!Command.exists(tool)) {
        return Optional.of("needs `" + tool + "` (packages iproute2, iptables, procps); not found");
      }
    }
    String probe = TestNetwork.PREFIX + "probe-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
    Command.Result add = Command.tryRun("ip", "netns", "add", probe);
    if (!add.ok()) {
      return Optional.of("`ip netns add` fails here: " + add.stderr().strip());
    }
    try {
      Command.Result bridge = Command.tryRun("ip", "-n", probe, "link", "add", "br0", "type",
          "bridge");
      if (!bridge.ok()) {
        return Optional.of("cannot create a bridge in a network namespace: "
            + bridge.stderr().strip());
      }
      Command.Result veth = Command.tryRun("ip", "-n", probe, "link", "add", "v0", "type", "veth",
          "peer", "name", "v1");
      if (!veth.ok()) {
        return Optional.of("cannot create a veth pair in a network namespace: "
            + veth.stderr().strip());
      }
      Command.Result rule = Command.tryRun("ip", "netns", "exec", probe, "iptables", "-w", "-A",
          "INPUT", "-s", "10.77.0.1", "-j", "DROP");
      if (!rule.ok()) {
        return Optional.of("iptables does not work inside a network namespace: "
            + rule.stderr().strip());
      }
    } finally {
      Command.tryRun("ip", "netns", "del", probe);
    }
    return Optional.empty();
  }

  /** The effective uid from /proc/self/status, or -1 if unknown. */
  static long effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
