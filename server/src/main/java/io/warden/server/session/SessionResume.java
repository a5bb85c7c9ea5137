package io.warden.server.session;

import io.netty.channel.Channel;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.LockGranted;
import io.warden.protocol.client.ServerMessage;
import io.warden.protocol.client.SessionExpired;
import io.warden.protocol.command.LockMode;
import io.warden.protocol.command.SessionLockRef;
import io.warden.server.raft.RaftNode;
import io.warden.server.rpc.Connection;
import io.warden.server.rpc.ConnectionRegistry;
import io.warden.statemachine.lock.LockTable;
import io.warden.statemachine.ratis.StateMachineListener;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.session.SessionTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * List-then-watch for a client that (re)connects (DESIGN §2). When a session's events start going
 * to a new connection (its client said Hello naming it, kept it alive, or acquired through it),
 * the current state of what the session holds is sent there: a {@code LockGranted} per held
 * lock. Clients ignore grants they already know, so re-sending is always safe, and nothing that
 * happened while the client had no connection is lost. A Hello naming a session the leader no
 * longer has is answered with {@code SessionExpired}.
 *
 * <p>Only a ready leader calls a session gone: a follower may lag behind and would wrongly call a
 * just-created session unknown. Held grants are re-sent from any server (they are committed
 * state), and again for every binding when a server becomes ready leader, so a binding made
 * while it was still applying misses nothing.
 */
public final class SessionResume implements StateMachineListener {
  private final RaftNode raft;
  private final WardenStateMachine stateMachine;
  private final ConnectionRegistry connections;

  public SessionResume(RaftNode raft, WardenStateMachine stateMachine, ConnectionRegistry connections) {
    this.raft = raft;
    this.stateMachine = stateMachine;
    this.connections = connections;
    connections.onMove(this::sendHeldLocks);
  }

  /**
   * Handles the sessions a Hello names: binds them here and, on a ready leader, reports the gone
   * ones. Binding needs no readiness (it only routes events); calling a session gone does, since a
   * lagging server might not have applied its creation yet.
   */
  public void resume(Connection connection, List<Long> sessionIds) {
    if (sessionIds.isEmpty()) {
      return;
    }
    if (!raft.isLeaderReady()) {
      sessionIds.forEach(id -> connections.bind(id, connection.channel()));
      return;
    }
    List<Long> gone = new ArrayList<>();
    long index = stateMachine.read(reader -> {
      for (long sessionId : sessionIds) {
        if (SessionTable.find(reader, sessionId) == null) {
          gone.add(sessionId);
        }
      }
      return stateMachine.appliedIndex();
    });
    for (long sessionId : sessionIds) {
      if (gone.contains(sessionId)) {
        send(connection.channel(), Event.newBuilder().setIndex(index)
            .setSessionExpired(SessionExpired.newBuilder().setSessionId(sessionId)).build());
      } else {
        connections.bind(sessionId, connection.channel());
      }
    }
    connection.channel().flush();
  }

  /**
   * A server that becomes ready leader re-sends the held grants of every session already bound to
   * one of its connections: bindings made while it was a follower or still applying may have
   * missed a grant, and later keepalives on the same connection are not a move.
   */
  @Override
  public void onLeaderReady(long term) {
    connections.forEachBinding((sessionId, channel) ->
        channel.eventLoop().execute(() -> sendHeldLocks(sessionId, channel)));
  }

  /** Sends only committed state, and clients ignore grants they know: safe on any server, any time. */
  private void sendHeldLocks(long sessionId, Channel channel) {
    List<Event> events = stateMachine.read(reader -> {
      List<Event> grants = new ArrayList<>();
      for (Map.Entry<String, SessionLockRef> held : LockTable.refsOf(reader, sessionId).entrySet()) {
        SessionLockRef ref = held.getValue();
        if (ref.getHolder()) {
          LockMode mode = LockTable.find(reader, held.getKey()).map(l -> l.getMode()).orElse(LockMode.EXCLUSIVE);
          grants.add(Event.newBuilder().setIndex(ref.getToken()).setLockGranted(LockGranted.newBuilder()
              .setName(held.getKey()).setSessionId(sessionId).setWaiterId(ref.getWaiterId())
              .setToken(ref.getToken()).setMode(mode)).build());
        }
      }
      return grants;
    });
    events.forEach(event -> send(channel, event));
    channel.flush();
  }

  private static void send(Channel channel, Event event) {
    channel.write(ServerMessage.newBuilder().setEvent(event).build());
  }
}
