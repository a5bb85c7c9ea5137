package io.warden.server.session;

import io.warden.protocol.client.Event;
import io.warden.protocol.client.LockGranted;
import io.warden.protocol.client.ServerMessage;
import io.warden.protocol.client.SessionExpired;
import io.warden.protocol.command.LockMode;
import io.warden.protocol.command.SessionLockRef;
import io.warden.server.rpc.Connection;
import io.warden.server.rpc.ConnectionRegistry;
import io.warden.statemachine.lock.LockTable;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.session.SessionTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * List-then-watch for a client that (re)connects (DESIGN §2): its sessions' events are routed to
 * the new connection from now on, and what happened to them after the last event it saw is sent
 * again from the current state, so nothing that happened during the reconnect is lost.
 */
public final class SessionResume {
  private final WardenStateMachine stateMachine;
  private final ConnectionRegistry connections;

  public SessionResume(WardenStateMachine stateMachine, ConnectionRegistry connections) {
    this.stateMachine = stateMachine;
    this.connections = connections;
  }

  /** Binds {@code sessionIds} to {@code connection} and sends it what is newer than {@code resumeIndex}. */
  public void resume(Connection connection, long resumeIndex, List<Long> sessionIds) {
    if (sessionIds.isEmpty()) {
      return;
    }
    List<Event> events = new ArrayList<>();
    stateMachine.read(reader -> {
      long index = stateMachine.appliedIndex();
      for (long sessionId : sessionIds) {
        if (SessionTable.find(reader, sessionId) == null) {
          events.add(Event.newBuilder().setIndex(index)
              .setSessionExpired(SessionExpired.newBuilder().setSessionId(sessionId)).build());
          continue;
        }
        connections.bind(sessionId, connection.channel());
        for (Map.Entry<String, SessionLockRef> held : LockTable.refsOf(reader, sessionId).entrySet()) {
          SessionLockRef ref = held.getValue();
          if (ref.getHolder() && ref.getToken() > resumeIndex) {
            LockMode mode = LockTable.find(reader, held.getKey()).map(l -> l.getMode()).orElse(LockMode.EXCLUSIVE);
            events.add(Event.newBuilder().setIndex(ref.getToken()).setLockGranted(LockGranted.newBuilder()
                .setName(held.getKey()).setSessionId(sessionId).setWaiterId(ref.getWaiterId())
                .setToken(ref.getToken()).setMode(mode)).build());
          }
        }
      }
      return null;
    });
    for (Event event : events) {
      connection.channel().write(ServerMessage.newBuilder().setEvent(event).build());
    }
    connection.channel().flush();
  }
}
