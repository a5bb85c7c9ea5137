package io.warden.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * Everything one server is configured with. Built from a {@code .properties} file by
 * {@link #load}; tests build it directly.
 *
 * @param nodeId            this server's id; must be one of {@code peers}
 * @param clusterId         the UUID naming the Raft group, the same on every node
 * @param dataDirectory     where the Raft log, snapshots and the store live
 * @param peers             every voting server of the cluster, this one included
 * @param electionTimeoutMin the shortest Raft election timeout (same on every node)
 * @param electionTimeoutMax the longest Raft election timeout
 * @param sessionTtlMin     the shortest session TTL a client may ask for
 * @param sessionTtlMax     the longest session TTL a client may ask for
 * @param markerInterval    the shortest time between two leadership-confirmation markers
 * @param readLease         how long after a committed marker the leader answers linearizable reads
 *                          without another ({@code LeadershipConfirmer}); at most half the shortest
 *                          election timeout, zero for a marker per read batch
 * @param expiryCheckInterval how often the leader looks for sessions past their deadline
 * @param requestTimeout    how long the server waits for a write to commit before answering
 *                          "unknown outcome"
 * @param snapshotThreshold applied entries between automatic snapshots
 * @param logSegmentSize    the size of a Raft log segment in bytes (purging removes whole segments)
 * @param join              start with an empty Raft group and wait to be added to a running cluster
 *                          ({@code wardenctl peers add}) instead of bootstrapping one from
 *                          {@code peers}; only {@code peers}' entry for this node is used then
 * @param ring              the ring's partition count, load slack and replication factor
 *                          ({@code warden.ring.*}); P must never change for a cluster
 */
public record ServerConfig(
    String nodeId,
    UUID clusterId,
    Path dataDirectory,
    List<PeerConfig> peers,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration sessionTtlMin,
    Duration sessionTtlMax,
    Duration markerInterval,
    Duration readLease,
    Duration expiryCheckInterval,
    Duration requestTimeout,
    long snapshotThreshold,
    long logSegmentSize,
    boolean join,
    RingSettings ring) {

  public ServerConfig {
    peers = List.copyOf(peers);
  }

  /** This server's own entry in {@link #peers()}. */
  public PeerConfig self() {
    return peer(nodeId).orElseThrow();
  }

  public Optional<PeerConfig> peer(String id) {
    return peers.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /**
   * Defaults for everything but identity, addresses and data directory.
   *
   * <p>Election timeouts 150–300 ms (Ratis's own defaults): a follower notices a dead leader after
   * one to two timeouts, which is most of a failover. 300–600 ms gave failover gaps of ~1 s here;
   * session leases do not depend on these timers (keepalives are confirmed by committed entries),
   * and the read lease is derived from the shortest (half of it), so a shorter timeout costs at
   * worst an unneeded election on a starved machine, never safety.
   */
  public static ServerConfig of(String nodeId, UUID clusterId, Path dataDirectory, List<PeerConfig> peers) {
    return new ServerConfig(nodeId, clusterId, dataDirectory, peers,
        Duration.ofMillis(150), Duration.ofMillis(300),
        Duration.ofSeconds(1), Duration.ofHours(1),
        Duration.ofMillis(20), Duration.ofMillis(75), Duration.ofMillis(50), Duration.ofSeconds(10),
        100_000, 32L << 20, false, RingSettings.DEFAULTS);
  }

  /** A copy with other Raft election timeouts, and a read lease of half the shortest (or none). */
  public ServerConfig withElectionTimeout(Duration min, Duration max) {
    return new ServerConfig(nodeId, clusterId, dataDirectory, peers, min, max, sessionTtlMin, sessionTtlMax,
        markerInterval, readLease.isZero() ? Duration.ZERO : min.dividedBy(2), expiryCheckInterval, requestTimeout,
        snapshotThreshold, logSegmentSize, join, ring);
  }

  /** A copy that snapshots and purges the log more often (tests of catch-up by snapshot). */
  public ServerConfig withSnapshots(long threshold, long segmentSize) {
    return new ServerConfig(nodeId, clusterId, dataDirectory, peers, electionTimeoutMin, electionTimeoutMax,
        sessionTtlMin, sessionTtlMax, markerInterval, readLease, expiryCheckInterval, requestTimeout, threshold, segmentSize,
        join, ring);
  }

  /** A copy with another shortest interval between leadership markers. */
  public ServerConfig withMarkerInterval(Duration interval) {
    return new ServerConfig(nodeId, clusterId, dataDirectory, peers, electionTimeoutMin, electionTimeoutMax,
        sessionTtlMin, sessionTtlMax, interval, readLease, expiryCheckInterval, requestTimeout, snapshotThreshold,
        logSegmentSize, join, ring);
  }

  /** A copy with another read lease; zero turns it off. */
  public ServerConfig withReadLease(Duration lease) {
    return new ServerConfig(nodeId, clusterId, dataDirectory, peers, electionTimeoutMin, electionTimeoutMax,
        sessionTtlMin, sessionTtlMax, markerInterval, lease, expiryCheckInterval, requestTimeout, snapshotThreshold,
        logSegmentSize, join, ring);
  }

  /** A copy that joins a running cluster instead of bootstrapping one (see {@code join}). */
  public ServerConfig joining() {
    return new ServerConfig(nodeId, clusterId, dataDirectory, peers, electionTimeoutMin, electionTimeoutMax,
        sessionTtlMin, sessionTtlMax, markerInterval, readLease, expiryCheckInterval, requestTimeout, snapshotThreshold,
        logSegmentSize, true, ring);
  }

  /** A copy with other ring parameters. */
  public ServerConfig withRing(RingSettings ring) {
    return new ServerConfig(nodeId, clusterId, dataDirectory, peers, electionTimeoutMin, electionTimeoutMax,
        sessionTtlMin, sessionTtlMax, markerInterval, readLease, expiryCheckInterval, requestTimeout, snapshotThreshold,
        logSegmentSize, join, ring);
  }

  /**
   * Reads {@code file}. Relative data directories are resolved against {@code dataRoot}.
   *
   * @throws ConfigException naming the key that is missing or wrong
   */
  public static ServerConfig load(Path file, Path dataRoot) throws ConfigException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage(), e);
    }
    return fromProperties(properties, dataRoot);
  }

  static ServerConfig fromProperties(Properties p, Path dataRoot) throws ConfigException {
    String nodeId = required(p, "warden.node.id");
    UUID clusterId;
    try {
      clusterId = UUID.fromString(required(p, "warden.cluster.id"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("warden.cluster.id=" + p.getProperty("warden.cluster.id") + " is not a UUID");
    }
    List<PeerConfig> peers = new ArrayList<>();
    for (String id : required(p, "warden.peers").split(",")) {
      String peer = id.trim();
      if (peer.isEmpty()) {
        continue;
      }
      String prefix = "warden.peer." + peer + ".";
      peers.add(new PeerConfig(peer,
          HostPort.parse(prefix + "raft", required(p, prefix + "raft")),
          HostPort.parse(prefix + "client", required(p, prefix + "client")),
          HostPort.parse(prefix + "admin", required(p, prefix + "admin"))));
    }
    if (peers.stream().noneMatch(peer -> peer.id().equals(nodeId))) {
      throw new ConfigException("warden.node.id=" + nodeId + " is not one of warden.peers=" + p.getProperty("warden.peers"));
    }
    Path dataDirectory = dataRoot.resolve(p.getProperty("warden.data.dir", nodeId)).toAbsolutePath().normalize();
    ServerConfig defaults = of(nodeId, clusterId, dataDirectory, peers);
    Duration electionTimeoutMin = duration(p, "warden.raft.election.timeout.min", defaults.electionTimeoutMin());
    ServerConfig config = new ServerConfig(nodeId, clusterId, dataDirectory, peers,
        electionTimeoutMin,
        duration(p, "warden.raft.election.timeout.max", defaults.electionTimeoutMax()),
        duration(p, "warden.session.ttl.min", defaults.sessionTtlMin()),
        duration(p, "warden.session.ttl.max", defaults.sessionTtlMax()),
        duration(p, "warden.lease.marker.interval", defaults.markerInterval()),
        duration(p, "warden.read.lease", electionTimeoutMin.dividedBy(2)),
        duration(p, "warden.lease.expiry.check.interval", defaults.expiryCheckInterval()),
        duration(p, "warden.request.timeout", defaults.requestTimeout()),
        number(p, "warden.raft.snapshot.threshold", defaults.snapshotThreshold()),
        number(p, "warden.raft.log.segment.bytes", defaults.logSegmentSize()),
        bool(p, "warden.join"),
        RingSettings.fromProperties(p));
    config.validate();
    return config;
  }

  private void validate() throws ConfigException {
    if (electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
      throw new ConfigException("warden.raft.election.timeout.min must be shorter than warden.raft.election.timeout.max");
    }
    if (readLease.isNegative() || readLease.multipliedBy(2).compareTo(electionTimeoutMin) > 0) {
      throw new ConfigException("warden.read.lease=" + readLease.toMillis() + "ms must be between 0ms (off) and half of"
          + " warden.raft.election.timeout.min (" + electionTimeoutMin.toMillis() + "ms): the lease is only safe"
          + " while no follower can have timed out");
    }
    if (sessionTtlMin.compareTo(sessionTtlMax) > 0 || sessionTtlMin.isZero()) {
      throw new ConfigException("warden.session.ttl.min must be positive and at most warden.session.ttl.max");
    }
  }

  private static String required(Properties p, String key) throws ConfigException {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new ConfigException("missing " + key);
    }
    return value.trim();
  }

  private static Duration duration(Properties p, String key, Duration fallback) throws ConfigException {
    String value = p.getProperty(key);
    return value == null ? fallback : Durations.parse(key, value);
  }

  private static boolean bool(Properties p, String key) throws ConfigException {
    String value = p.getProperty(key, "false").trim();
    if (!value.equals("true") && !value.equals("false")) {
      throw new ConfigException(key + "=" + value + " is not true or false");
    }
    return Boolean.parseBoolean(value);
  }

  private static long number(Properties p, String key, long fallback) throws ConfigException {
    String value = p.getProperty(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + "=" + value + " is not a number");
    }
  }
}
