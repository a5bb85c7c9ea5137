package io.warden.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.server.WardenServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** A server that cannot run correctly refuses to start, with one line saying why. */
class StartupRefusalTest {
  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private ServerConfig singleNode(Path data) throws IOException {
    PeerConfig self = new PeerConfig("n1", new HostPort("127.0.0.1", freePort()),
        new HostPort("127.0.0.1", freePort()), new HostPort("127.0.0.1", freePort()));
    return ServerConfig.of("n1", UUID.randomUUID(), data, List.of(self));
  }

  @Test
  void clientPortInUseIsNamed() throws IOException {
    ServerConfig config = singleNode(dir.resolve("n1"));
    try (ServerSocket taken = new ServerSocket(config.self().client().port(), 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> WardenServer.start(config))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("client address " + config.self().client())
          .hasMessageContaining("cannot be bound");
    }
  }

  @Test
  void adminPortInUseIsNamed() throws IOException {
    ServerConfig config = singleNode(dir.resolve("n1"));
    try (ServerSocket taken = new ServerSocket(config.self().admin().port(), 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> WardenServer.start(config))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("admin address " + config.self().admin())
          .hasMessageContaining("cannot be bound");
    }
  }

  @Test
  void dataDirectoryOfAnotherClusterIsRefused() throws Exception {
    ServerConfig first = singleNode(dir.resolve("n1"));
    DataDirectory.prepare(first);
    ServerConfig other = ServerConfig.of("n1", UUID.randomUUID(), first.dataDirectory(), first.peers());
    assertThatThrownBy(() -> DataDirectory.prepare(other))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("belongs to cluster.id " + first.clusterId());
  }

  @Test
  void changedPeerListIsRefusedWithWhatToDoInstead() throws Exception {
    ServerConfig first = singleNode(dir.resolve("n1"));
    DataDirectory.prepare(first);
    PeerConfig extra = new PeerConfig("n2", new HostPort("127.0.0.1", 1), new HostPort("127.0.0.1", 2), new HostPort("127.0.0.1", 3));
    ServerConfig grown = ServerConfig.of("n1", first.clusterId(), first.dataDirectory(), List.of(first.self(), extra));
    assertThatThrownBy(() -> DataDirectory.prepare(grown))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("differs from the group")
        .hasMessageContaining("wardenctl peers");
  }

  @Test
  void directoryCreatedToJoinRefusesToBootstrapAClusterOfItsOwn() throws Exception {
    ServerConfig config = singleNode(dir.resolve("n1"));
    DataDirectory.prepare(config.joining());
    DataDirectory.prepare(config.joining());
    assertThatThrownBy(() -> DataDirectory.prepare(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("was created to join a running cluster")
        .hasMessageContaining("warden.join=true");
  }

  @Test
  void theBootstrapListAppliedAgainKeepsWardenPeersChecked() throws Exception {
    ServerConfig first = singleNode(dir.resolve("n1"));
    DataDirectory data = DataDirectory.prepare(first);
    assertThat(data.recordMembership(0, Map.of("n1", first.self().raft().toString()))).isFalse();
    PeerConfig extra = new PeerConfig("n2", new HostPort("127.0.0.1", 1), new HostPort("127.0.0.1", 2), new HostPort("127.0.0.1", 3));
    ServerConfig grown = ServerConfig.of("n1", first.clusterId(), first.dataDirectory(), List.of(first.self(), extra));
    assertThatThrownBy(() -> DataDirectory.prepare(grown))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("differs from the group");
  }

  @Test
  void afterAMembershipChangeTheAppliedMembershipHoldsAndARemovedNodeIsRefused() throws Exception {
    ServerConfig first = singleNode(dir.resolve("n1"));
    DataDirectory data = DataDirectory.prepare(first);
    assertThat(data.recordMembership(5, Map.of("n1", first.self().raft().toString(), "n2", "127.0.0.1:1"))).isTrue();
    DataDirectory.prepare(first);

    assertThat(data.recordMembership(3, Map.of("n9", "127.0.0.1:9"))).as("an older configuration (replay)").isFalse();
    DataDirectory.prepare(first);

    assertThat(data.recordMembership(7, Map.of("n2", "127.0.0.1:1"))).isTrue();
    assertThatThrownBy(() -> DataDirectory.prepare(first))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("node n1 was removed from the cluster (membership at index 7: n2)");
  }

  @Test
  void dataDirectoryThatCannotBeCreatedIsRefused() throws Exception {
    // A path under a regular file cannot become a directory, even for root.
    Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
    ServerConfig config = singleNode(file.resolve("n1"));
    assertThatThrownBy(() -> WardenServer.start(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot create data directory " + file.resolve("n1"));
  }

  @Test
  void unknownNodeIdIsRefused() {
    Properties p = NodeProperties.of("n9");
    assertThatThrownBy(() -> ServerConfig.fromProperties(p, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage("warden.node.id=n9 is not one of warden.peers=n1");
  }

  @Test
  void storeWrittenByANewerSchemaIsRefused() throws Exception {
    ServerConfig config = singleNode(dir.resolve("n1"));
    Path store = DataDirectory.prepare(config).store();
    writeSchemaVersion(store, 99);
    assertThatThrownBy(() -> WardenServer.start(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("newer Warden (schema 99)");
  }

  /** Plants a schema version as a future Warden would, with plain RocksDB. */
  private static void writeSchemaVersion(Path store, int version) throws Exception {
    RocksDB.loadLibrary();
    List<ColumnFamilyDescriptor> families = List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
        new ColumnFamilyDescriptor("meta".getBytes(StandardCharsets.UTF_8)));
    List<ColumnFamilyHandle> handles = new java.util.ArrayList<>();
    try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
         RocksDB db = RocksDB.open(options, store.toString(), families, handles)) {
      db.put(handles.get(1), "schema".getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(4).putInt(version).array());
      handles.forEach(ColumnFamilyHandle::close);
    }
  }
}
