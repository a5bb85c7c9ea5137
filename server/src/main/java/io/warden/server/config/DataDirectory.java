package io.warden.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's data directory: its layout, and the identity it was created with. Refuses to start
 * a server on a directory that belongs to another node or cluster, or with a peer list other than
 * the one the directory was created with (a silent change there could form a second cluster).
 *
 * <p><b>The membership record.</b> {@code identity.properties} records the voting members
 * ({@code peers}) and where that list came from ({@code peers.source}):
 * <ul>
 *   <li>{@code config}: the bootstrap list, {@code warden.peers} when the directory was created.
 *       Until the node applies a membership change, {@code warden.peers} must stay equal to it.
 *   <li>{@code join}: the node was created with {@code warden.join=true} and has not yet been
 *       added to a cluster; it must keep {@code warden.join=true}.
 *   <li>{@code membership}: the configuration the node last applied from the Raft log (at
 *       {@code peers.index}), rewritten after every membership change. From then on the record is
 *       authoritative and {@code warden.peers} is not compared: the config file's list only ever
 *       bootstraps a new directory. A node whose recorded membership no longer contains it was
 *       removed and refuses to start.
 * </ul>
 */
public final class DataDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
  private static final String IDENTITY_FILE = "identity.properties";
  private static final String SOURCE = "peers.source";
  private static final String INDEX = "peers.index";
  static final String FROM_CONFIG = "config";
  static final String FROM_JOIN = "join";
  static final String FROM_MEMBERSHIP = "membership";

  private final Path root;
  private final String nodeId;
  /** Guards the identity file against two membership notifications at once. */
  private final Object recordLock = new Object();

  private DataDirectory(Path root, String nodeId) {
    this.root = root;
    this.nodeId = nodeId;
  }

  /** Creates the directory if needed, checks it is writable and that it belongs to this node. */
  public static DataDirectory prepare(ServerConfig config) throws ConfigException {
    Path root = config.dataDirectory();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new ConfigException("cannot create data directory " + root + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(root)) {
      throw new ConfigException("data directory " + root + " is not writable by this user");
    }
    DataDirectory directory = new DataDirectory(root, config.nodeId());
    directory.checkIdentity(config);
    return directory;
  }

  /**
   * Whether {@code root} already holds a node's state (identity, Raft storage or store); the
   * logs and pid file the scripts keep there do not count.
   */
  public static boolean holdsState(Path root) {
    return Files.exists(root.resolve(IDENTITY_FILE)) || Files.exists(root.resolve("raft"))
        || Files.exists(root.resolve("store"));
  }

  /** The live RocksDB store (outside Ratis's directories: a snapshot install replaces those). */
  public Path store() {
    return root.resolve("store");
  }

  /** Ratis's storage: log segments, metadata, snapshots. */
  public Path raft() {
    return root.resolve("raft");
  }

  /** Checkpoints pinned for backups being read ({@code wardenctl backup}); emptied at start. */
  public Path backups() {
    return root.resolve("backups");
  }

  public Path root() {
    return root;
  }

  /**
   * Records the voting members after this node applied a stable configuration at {@code index}.
   * Ignored when the list is the recorded one, when it is older than the recorded one (log replay
   * after a restart), and while a joining node has not yet been added (the configurations it
   * receives before then are the cluster's old ones, without it).
   *
   * @param raftById the voters' Raft addresses by id
   * @return whether the recorded list changed
   */
  public boolean recordMembership(long index, Map<String, String> raftById) {
    synchronized (recordLock) {
      Path file = root.resolve(IDENTITY_FILE);
      try {
        Properties stored = load(file);
        String source = stored.getProperty(SOURCE, FROM_CONFIG);
        if (FROM_JOIN.equals(source) && !raftById.containsKey(nodeId)) {
          return false;
        }
        if (FROM_MEMBERSHIP.equals(source) && Long.parseLong(stored.getProperty(INDEX, "0")) > index) {
          return false;
        }
        String peers = sorted(raftById.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        boolean changed = !peers.equals(sorted(stored.getProperty("peers", "")));
        if (!changed && !FROM_JOIN.equals(source)) {
          // The bootstrap list re-applied (each new leader writes its configuration again), or
          // the recorded membership once more: the record stays as it is.
          return false;
        }
        stored.setProperty("peers", peers);
        stored.setProperty(SOURCE, FROM_MEMBERSHIP);
        stored.setProperty(INDEX, Long.toString(index));
        write(file, stored, "Rewritten after each membership change this node applied. Do not edit.");
        return changed;
      } catch (IOException | RuntimeException e) {
        // The next configuration entry (every new leader writes one) rewrites it again.
        LOG.warn("Could not record the membership at index {} in {}: {}", index, file, e.toString());
        return false;
      }
    }
  }

  private void checkIdentity(ServerConfig config) throws ConfigException {
    String configuredPeers = config.peers().stream()
        .map(p -> p.id() + "=" + p.raft()).collect(Collectors.joining(","));
    Path file = root.resolve(IDENTITY_FILE);
    try {
      if (!Files.exists(file)) {
        Properties created = new Properties();
        created.setProperty("cluster.id", config.clusterId().toString());
        created.setProperty("node.id", config.nodeId());
        created.setProperty("peers", config.join() ? "" : configuredPeers);
        created.setProperty(SOURCE, config.join() ? FROM_JOIN : FROM_CONFIG);
        write(file, created, "Written when this data directory was created; the peers are rewritten after each"
            + " membership change. Do not edit.");
        return;
      }
      Properties stored = load(file);
      String[][] identity = {{"cluster.id", config.clusterId().toString()}, {"node.id", config.nodeId()}};
      for (String[] key : identity) {
        if (!key[1].equals(stored.getProperty(key[0]))) {
          throw new ConfigException("data directory " + root + " belongs to " + key[0] + " "
              + stored.getProperty(key[0]) + ", not " + key[1] + ": point warden.data.dir elsewhere");
        }
      }
      String recorded = stored.getProperty("peers", "");
      switch (stored.getProperty(SOURCE, FROM_CONFIG)) {
        case FROM_JOIN -> {
          if (!config.join()) {
            throw new ConfigException("data directory " + root + " was created to join a running cluster and has not"
                + " been added yet: keep warden.join=true and run 'wardenctl peers add', or start from an empty"
                + " data directory");
          }
        }
        case FROM_MEMBERSHIP -> {
          List<String> ids = Arrays.stream(recorded.split(",")).filter(s -> !s.isEmpty())
              .map(s -> s.substring(0, s.indexOf('='))).toList();
          if (!ids.contains(config.nodeId())) {
            throw new ConfigException("node " + config.nodeId() + " was removed from the cluster (membership at index "
                + stored.getProperty(INDEX) + ": " + String.join(",", ids) + "): to add it again, start it from an"
                + " empty data directory with warden.join=true, then run 'wardenctl peers add'");
          }
          if (!recorded.equals(configuredPeers)) {
            LOG.info("warden.peers ({}) differs from the membership this node applied at index {} ({}); the applied"
                + " membership holds (warden.peers only bootstraps a new data directory)", configuredPeers,
                stored.getProperty(INDEX), recorded);
          }
        }
        default -> {
          if (!recorded.equals(configuredPeers)) {
            throw new ConfigException("warden.peers (" + configuredPeers + ") differs from the group this"
                + " data directory was created with (" + recorded + "): change membership with"
                + " 'wardenctl peers', or start from an empty data directory");
          }
        }
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read or write " + file + ": " + e.getMessage(), e);
    }
  }

  /** A recorded peer list in id order (a bootstrap list is in the configuration's order). */
  private static String sorted(String peers) {
    return Arrays.stream(peers.split(",")).filter(s -> !s.isEmpty()).sorted().collect(Collectors.joining(","));
  }

  private static Properties load(Path file) throws IOException {
    Properties stored = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      stored.load(in);
    }
    return stored;
  }

  /** Writes beside the file, then renames over it, so a crash leaves the old or the new record. */
  private static void write(Path file, Properties properties, String comment) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(temporary)) {
      properties.store(out, comment);
    }
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
