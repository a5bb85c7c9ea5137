package io.warden.microbench;

import com.google.protobuf.ByteString;
import io.warden.protocol.command.Acquire;
import io.warden.protocol.command.ClientCall;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.CreateSession;
import io.warden.protocol.command.LockMode;
import io.warden.protocol.command.Release;

/**
 * Commands as one client's writes reach the log: each carries its {@link ClientCall}, so the apply
 * also keeps and drops call records as it does in a running cluster.
 */
final class LockCommands {
  private static final ByteString CLIENT_ID = ByteString.copyFrom(new byte[16]);
  private long nextRequestId = 1;

  Command createSession(long ttlMillis) {
    return call(Command.newBuilder()
        .setCreateSession(CreateSession.newBuilder().setTtlMillis(ttlMillis).setOwner("microbench")));
  }

  Command acquire(String name, long sessionId) {
    return call(Command.newBuilder().setAcquire(
        Acquire.newBuilder().setName(name).setSessionId(sessionId).setMode(LockMode.EXCLUSIVE).setWait(true)));
  }

  Command release(String name, long sessionId, long token) {
    return call(Command.newBuilder().setRelease(
        Release.newBuilder().setName(name).setSessionId(sessionId).setToken(token)));
  }

  /** Every earlier request is answered, so the state machine may drop its records at once. */
  private Command call(Command.Builder command) {
    long id = nextRequestId++;
    return command.setCall(ClientCall.newBuilder().setClientId(CLIENT_ID).setRequestId(id).setFirstUnansweredId(id))
        .build();
  }
}
