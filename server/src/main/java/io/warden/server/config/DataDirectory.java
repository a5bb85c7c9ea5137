package io.warden.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A server's data directory: its layout, and the identity it was created with. Refuses to start
 * a server on a directory that belongs to another node or cluster, or with a peer list other than
 * the one the directory was created with (a silent change there could form a second cluster).
 */
public final class DataDirectory {
  private static final String IDENTITY_FILE = "identity.properties";

  private final Path root;

  private DataDirectory(Path root) {
    this.root = root;
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
    DataDirectory directory = new DataDirectory(root);
    directory.checkIdentity(config);
    return directory;
  }

  /** The live RocksDB store (outside Ratis's directories: a snapshot install replaces those). */
  public Path store() {
    return root.resolve("store");
  }

  /** Ratis's storage: log segments, metadata, snapshots. */
  public Path raft() {
    return root.resolve("raft");
  }

  public Path root() {
    return root;
  }

  private void checkIdentity(ServerConfig config) throws ConfigException {
    Properties expected = new Properties();
    expected.setProperty("cluster.id", config.clusterId().toString());
    expected.setProperty("node.id", config.nodeId());
    expected.setProperty("peers", config.peers().stream()
        .map(p -> p.id() + "=" + p.raft()).collect(Collectors.joining(",")));
    Path file = root.resolve(IDENTITY_FILE);
    try {
      if (!Files.exists(file)) {
        try (OutputStream out = Files.newOutputStream(file)) {
          expected.store(out, "Written when this data directory was created. Do not edit.");
        }
        return;
      }
      Properties stored = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        stored.load(in);
      }
      for (String key : new String[] {"cluster.id", "node.id"}) {
        if (!expected.getProperty(key).equals(stored.getProperty(key))) {
          throw new ConfigException("data directory " + root + " belongs to " + key + " " + stored.getProperty(key)
              + ", not " + expected.getProperty(key) + ": point warden.data.dir elsewhere");
        }
      }
      if (!expected.getProperty("peers").equals(stored.getProperty("peers"))) {
        throw new ConfigException("warden.peers (" + expected.getProperty("peers") + ") differs from the group this"
            + " data directory was created with (" + stored.getProperty("peers") + "): change membership with"
            + " 'wardenctl peers', or start from an empty data directory");
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read or write " + file + ": " + e.getMessage(), e);
    }
  }
}
