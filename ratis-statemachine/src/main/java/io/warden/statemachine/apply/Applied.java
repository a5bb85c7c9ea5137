package io.warden.statemachine.apply;

import io.warden.protocol.client.CommandResult;
import java.util.List;

/**
 * The outcome of applying one entry.
 *
 * @param result what the proposer is answered
 * @param events what changed, for the server to act on
 */
public record Applied(CommandResult result, List<ApplyEvent> events) {
  public Applied {
    events = List.copyOf(events);
  }
}
