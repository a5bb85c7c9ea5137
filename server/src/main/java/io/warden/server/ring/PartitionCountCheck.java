package io.warden.server.ring;

import io.warden.protocol.command.RingConfig;
import io.warden.server.config.ConfigException;
import io.warden.server.config.RingSettings;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.ring.RingTable;
import java.util.Optional;

/**
 * P is fixed for the life of a cluster (DESIGN §7): the first Join stores the ring's parameters in
 * the replicated {@code meta} family, and a server whose {@code warden.ring.partitions} says
 * otherwise refuses to start rather than serve a different key layout.
 */
public final class PartitionCountCheck {
  private PartitionCountCheck() {}

  public static void check(WardenStateMachine stateMachine, RingSettings settings) throws ConfigException {
    Optional<RingConfig> stored = stateMachine.read(RingTable::config);
    if (stored.isPresent() && stored.get().getPartitions() != settings.partitions()) {
      throw new ConfigException("warden.ring.partitions=" + settings.partitions() + " but this cluster was created with "
          + stored.get().getPartitions() + " partitions, which can never change: set warden.ring.partitions="
          + stored.get().getPartitions());
    }
  }
}
