package io.warden.bench;

import io.warden.client.ServerInfo;
import io.warden.client.WardenClient;
import io.warden.client.WardenException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The quorum's server processes as this machine knows them: one node per {@code
 * node*.properties} of the conf dir, its pid in {@code <data>/<node dir>/warden.pid} (written by
 * {@code bin/warden-server}). Finds the leader, kills it, and restarts a node with {@code
 * bin/warden-server start CONF}. Without a conf dir (a remote cluster) it knows no processes.
 */
public final class LocalQuorum {

  /** One node: its id, config file, client address and pid file. */
  public record Node(String id, Path conf, String clientAddress, Path pidFile) {}

  private final Path wardenHome;
  private final List<Node> nodes;

  private LocalQuorum(Path wardenHome, List<Node> nodes) {
    this.wardenHome = wardenHome;
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Reads the nodes from {@code confDir}. {@code dataDir} is where relative {@code
   * warden.data.dir} values are resolved, as the server and the scripts do ({@code WARDEN_DATA}).
   */
  public static LocalQuorum load(Path wardenHome, Path confDir, Path dataDir) throws IOException {
    List<Node> nodes = new ArrayList<>();
    if (confDir != null && Files.isDirectory(confDir)) {
      try (DirectoryStream<Path> confs = Files.newDirectoryStream(confDir, "node*.properties")) {
        for (Path conf : confs) {
          Properties p = new Properties();
          try (Reader r = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
            p.load(r);
          }
          String id = p.getProperty("warden.node.id", "").trim();
          String client = p.getProperty("warden.peer." + id + ".client", "").trim();
          Path dir = Path.of(p.getProperty("warden.data.dir", id).trim());
          Path nodeDir = dir.isAbsolute() ? dir : dataDir.resolve(dir);
          nodes.add(new Node(id, conf.toAbsolutePath(), client, nodeDir.resolve("warden.pid")));
        }
      }
    }
    nodes.sort((a, b) -> a.id().compareTo(b.id()));
    return new LocalQuorum(wardenHome, nodes);
  }

  /** The nodes, by id. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The client endpoints of all nodes, comma separated. */
  public String endpoints() {
    return String.join(",", nodes.stream().map(Node::clientAddress).toList());
  }

  /** The node with id {@code id}, if this machine runs it. */
  public Optional<Node> node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  /** The pid in {@code node}'s pid file if that process is alive. */
  public static Optional<Long> pid(Node node) {
    try {
      long pid = Long.parseLong(Files.readString(node.pidFile()).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> pid);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The live pids of all nodes: the processes {@code cpu_servers} counts. */
  public List<Long> serverPids() {
    return nodes.stream().map(LocalQuorum::pid).flatMap(Optional::stream).toList();
  }

  /**
   * The leader as the servers report it (the {@code GetServerStatus} call behind {@code wardenctl
   * status}, asked of every endpoint): the highest-term server that calls itself leader.
   */
  public static Optional<ServerInfo> leader(WardenClient client, List<String> endpoints) {
    ServerInfo best = null;
    for (String endpoint : endpoints) {
      try {
        ServerInfo s = client.serverStatus(endpoint);
        if (s.isLeader() && (best == null || s.term() > best.term())) {
          best = s;
        }
      } catch (WardenException e) {
        // That server is down or unreachable: ask the others.
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Restarts {@code node} with {@code bin/warden-server start CONF} (its data kept) and returns
   * the script's output; the script waits until the node listens.
   */
  public String restart(Node node) throws IOException, InterruptedException {
    return serverScript("start", node);
  }

  /**
   * Stops every node with {@code bin/warden-server stop CONF} (SIGTERM to the pid in its pid file,
   * then waits until it is gone) and returns the scripts' output.
   */
  public String stop() throws IOException, InterruptedException {
    StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      out.append(serverScript("stop", node)).append('\n');
    }
    return out.toString().trim();
  }

  /** Runs {@code bin/warden-server COMMAND CONF} for {@code node}; its output, or what went wrong. */
  private String serverScript(String command, Node node) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(wardenHome.resolve("bin/warden-server").toString(), command,
                node.conf().toString())
            .redirectErrorStream(true)
            .start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "warden-server " + command + " did not finish in 120 s";
    }
    return p.exitValue() == 0 ? out : "rc=" + p.exitValue() + " " + out;
  }

  /**
   * Waits until every endpoint answers and a leader that all of them agree on is known; returns
   * whether that happened before {@code timeoutNanos}.
   */
  public static boolean awaitHealthy(WardenClient client, List<String> endpoints, long timeoutNanos)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (System.nanoTime() - deadline < 0) {
      String leader = null;
      boolean all = true;
      for (String endpoint : endpoints) {
        try {
          ServerInfo s = client.serverStatus(endpoint);
          if (s.leaderId() == null || (leader != null && !leader.equals(s.leaderId()))) {
            all = false;
          }
          leader = s.leaderId();
        } catch (WardenException e) {
          all = false;
        }
      }
      if (all && leader != null) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
