package io.warden.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code warden.read.lease}: half the shortest election timeout unless set, never more. */
class ReadLeaseConfigTest {
  @TempDir Path dir;

  private static Properties node() {
    return NodeProperties.of("n1");
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
