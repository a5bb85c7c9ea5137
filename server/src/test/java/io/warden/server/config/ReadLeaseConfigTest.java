package io.warden.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden.read.lease}: half the shortest election timeout unless set, never more. */
class ReadLeaseConfigTest {
  @TempDir Path dir;

  private static Properties node() {
    Properties p = new Properties();
    p.setProperty("warden.node.id", "n1");
    p.setProperty("warden.cluster.id", UUID.randomUUID().toString());
    p.setProperty("warden.peers", "n1");
    p.setProperty("warden.peer.n1.raft", "127.0.0.1:1");
    p.setProperty("warden.peer.n1.client", "127.0.0.1:2");
    p.setProperty("warden.peer.n1.admin", "127.0.0.1:3");
    return p;
  }

  @Test
  void defaultsToHalfTheShortestElectionTimeout() throws ConfigException {
    Properties p = node();
    p.setProperty("warden.raft.election.timeout.min", "400ms");
    p.setProperty("warden.raft.election.timeout.max", "800ms");

    assertThat(ServerConfig.fromProperties(p, dir).readLease()).isEqualTo(Duration.ofMillis(200));
    assertThat(ServerConfig.fromProperties(node(), dir).readLease()).isEqualTo(Duration.ofMillis(75));
  }

  @Test
  void zeroTurnsItOff() throws ConfigException {
    Properties p = node();
    p.setProperty("warden.read.lease", "0ms");

    assertThat(ServerConfig.fromProperties(p, dir).readLease()).isZero();
  }

  @Test
  void aLeaseLongerThanHalfTheShortestElectionTimeoutIsRefused() {
    Properties p = node();
    p.setProperty("warden.read.lease", "76ms");

    assertThatThrownBy(() -> ServerConfig.fromProperties(p, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage("warden.read.lease=76ms must be between 0ms (off) and half of warden.raft.election.timeout.min"
            + " (150ms): the lease is only safe while no follower can have timed out");
  }
}
