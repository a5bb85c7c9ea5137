package io.warden.server.testing;

import static org.awaitility.Awaitility.await;

import io.warden.server.WardenServer;
import io.warden.server.backup.Restore;
import io.warden.server.config.ConfigException;
import io.warden.server.config.HostPort;
import io.warden.server.config.PeerConfig;
import io.warden.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Real Warden servers in this JVM on loopback ports, each with its own RocksDB and Raft log in a
 * temporary directory. Stopping a server closes it; starting it again reuses its data. Servers
 * can be added to the running cluster ({@link #startJoiningServer}) and a new cluster can be
 * started from a backup ({@link #restore}).
 */
public final class LocalCluster implements AutoCloseable {
  private final Path root;
  private final UUID clusterId;
  private final UnaryOperator<ServerConfig> tune;
  private final List<ServerConfig> configs;
  private final Map<String, WardenServer> running = new LinkedHashMap<>();

  private LocalCluster(Path root, UUID clusterId, UnaryOperator<ServerConfig> tune, List<ServerConfig> configs) {
    this.root = root;
    this.clusterId = clusterId;
    this.tune = tune;
    this.configs = new CopyOnWriteArrayList<>(configs);
  }

  /** Starts {@code size} servers under {@code root} with test-friendly timings. */
  public static LocalCluster start(Path root, int size) {
    return start(root, size, UnaryOperator.identity());
  }

  /** Starts {@code size} servers; {@code tune} adjusts each server's configuration. */
  public static LocalCluster start(Path root, int size, UnaryOperator<ServerConfig> tune) {
    LocalCluster cluster = configure(root, size, tune);
    cluster.configs.parallelStream().forEach(c -> cluster.startServer(c.nodeId()));
    return cluster;
  }

  /**
   * Starts a new cluster of {@code size} servers (new cluster id, new ports) whose every server
   * was first restored from {@code backup} ({@code warden-server restore}).
   */
  public static LocalCluster restore(Path backup, Path root, int size) {
    LocalCluster cluster = configure(root, size, UnaryOperator.identity());
    for (ServerConfig config : cluster.configs) {
      try {
        Restore.restore(backup, config);
      } catch (ConfigException | IOException e) {
        throw new IllegalStateException("cannot restore " + config.nodeId() + ": " + e.getMessage(), e);
      }
    }
    cluster.configs.parallelStream().forEach(c -> cluster.startServer(c.nodeId()));
    return cluster;
  }

  private static LocalCluster configure(Path root, int size, UnaryOperator<ServerConfig> tune) {
    UUID clusterId = UUID.randomUUID();
    List<Integer> ports = freePorts(3 * size);
    List<PeerConfig> peers = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      peers.add(new PeerConfig("n" + (i + 1),
          new HostPort("127.0.0.1", ports.get(3 * i)),
          new HostPort("127.0.0.1", ports.get(3 * i + 1)),
          new HostPort("127.0.0.1", ports.get(3 * i + 2))));
    }
    List<ServerConfig> configs = peers.stream()
        .map(p -> tune.apply(ServerConfig.of(p.id(), clusterId, root.resolve(p.id()), peers)))
        .toList();
    return new LocalCluster(root, clusterId, tune, configs);
  }

  private static PeerConfig newPeer(String id) {
    List<Integer> ports = freePorts(3);
    return new PeerConfig(id, new HostPort("127.0.0.1", ports.get(0)), new HostPort("127.0.0.1", ports.get(1)),
        new HostPort("127.0.0.1", ports.get(2)));
  }

  /**
   * Starts server {@code id}, new to this cluster, with {@code warden.join=true} (an empty group):
   * it waits to be added with {@code peers add}. Its configuration lists the cluster's servers and
   * itself, as an operator's would.
   */
  public WardenServer startJoiningServer(String id) {
    List<PeerConfig> peers = new ArrayList<>(configs.get(0).peers());
    peers.add(newPeer(id));
    configs.add(tune.apply(ServerConfig.of(id, clusterId, root.resolve(id), peers)).joining());
    return startServer(id);
  }

  /** Starts (or restarts) server {@code id} on its data directory. */
  public WardenServer startServer(String id) {
    ServerConfig config = config(id);
    try {
      WardenServer server = WardenServer.start(config);
      synchronized (running) {
        running.put(id, server);
      }
      return server;
    } catch (ConfigException e) {
      throw new IllegalStateException("server " + id + " did not start: " + e.getMessage(), e);
    }
  }

  /** Stops server {@code id} (its data stays for a restart). */
  public void stopServer(String id) {
    WardenServer server;
    synchronized (running) {
      server = running.remove(id);
    }
    if (server != null) {
      server.close();
    }
  }

  /** The cluster id (Raft group) all servers share. */
  public UUID clusterId() {
    return clusterId;
  }

  public ServerConfig config(String id) {
    return configs.stream().filter(c -> c.nodeId().equals(id)).findFirst().orElseThrow();
  }

  public WardenServer server(String id) {
    synchronized (running) {
      return running.get(id);
    }
  }

  public List<WardenServer> servers() {
    synchronized (running) {
      return List.copyOf(running.values());
    }
  }

  /** The running leader whose first entry of its term is applied, if any. */
  public Optional<WardenServer> leader() {
    return servers().stream().filter(s -> s.raft().isLeaderReady()).findFirst();
  }

  /** Waits for a ready leader among the running servers. */
  public WardenServer awaitLeader() {
    return await("a ready leader").atMost(Duration.ofSeconds(30)).until(this::leader, Optional::isPresent).orElseThrow();
  }

  public List<WardenServer> followers() {
    return servers().stream().filter(s -> !s.raft().isLeader()).toList();
  }

  /** The client endpoints of every configured server, as a client's endpoint list. */
  public String endpoints() {
    return configs.stream().map(c -> c.self().client().toString()).collect(Collectors.joining(","));
  }

  private static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        sockets.add(socket);
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  @Override
  public void close() {
    servers().parallelStream().forEach(s -> stopServer(s.id()));
  }
}
