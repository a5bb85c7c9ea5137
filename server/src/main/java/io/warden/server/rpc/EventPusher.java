package io.warden.server.rpc;

import io.warden.protocol.client.Event;
import io.warden.protocol.client.LockGranted;
import io.warden.protocol.client.SessionExpired;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.ratis.StateMachineListener;
import java.util.List;

/** Turns applied events into pushes to the one connection each concerns. */
public final class EventPusher implements StateMachineListener {
  private final ConnectionRegistry connections;

  public EventPusher(ConnectionRegistry connections) {
    this.connections = connections;
  }

  @Override
  public void onApplied(long index, List<ApplyEvent> events) {
    for (ApplyEvent event : events) {
      if (event instanceof ApplyEvent.SessionRemoved removed) {
        connections.push(removed.sessionId(), Event.newBuilder().setIndex(index)
            .setSessionExpired(SessionExpired.newBuilder().setSessionId(removed.sessionId())).build());
        connections.unbind(removed.sessionId());
      } else if (event instanceof ApplyEvent.LockGranted granted) {
        connections.push(granted.sessionId(), Event.newBuilder().setIndex(index)
            .setLockGranted(LockGranted.newBuilder().setName(granted.name()).setSessionId(granted.sessionId())
                .setWaiterId(granted.waiterId()).setToken(granted.token()).setMode(granted.mode()))
            .build());
      }
    }
  }
}
