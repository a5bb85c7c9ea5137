package io.warden.server.lease;

import java.util.List;

/**
 * What a batch of keepalives did.
 *
 * @param renewed sessions whose deadline moved to now + TTL
 * @param unknown sessions the leader does not have (expired, expiring, closed or never created)
 */
public record KeepAliveOutcome(List<Long> renewed, List<Long> unknown) {
  public KeepAliveOutcome {
    renewed = List.copyOf(renewed);
    unknown = List.copyOf(unknown);
  }
}
