package io.warden.statemachine.testing;

import io.warden.protocol.command.CloseSession;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.CreateSession;
import io.warden.protocol.command.ExpireSession;
import io.warden.protocol.command.LeadershipMarker;

/** Log commands as the leader would write them, with a fixed stamp so runs are repeatable. */
public final class Commands {
  public static final long STAMP_MILLIS = 1_700_000_000_000L;

  private Commands() {}

  public static Command createSession(long ttlMillis, String owner) {
    return Command.newBuilder().setLeaderStampMillis(STAMP_MILLIS)
        .setCreateSession(CreateSession.newBuilder().setTtlMillis(ttlMillis).setOwner(owner)).build();
  }

  public static Command closeSession(long sessionId) {
    return Command.newBuilder().setLeaderStampMillis(STAMP_MILLIS)
        .setCloseSession(CloseSession.newBuilder().setSessionId(sessionId)).build();
  }

  public static Command expireSession(long sessionId) {
    return Command.newBuilder().setLeaderStampMillis(STAMP_MILLIS)
        .setExpireSession(ExpireSession.newBuilder().setSessionId(sessionId)).build();
  }

  public static Command marker() {
    return Command.newBuilder().setLeaderStampMillis(STAMP_MILLIS)
        .setMarker(LeadershipMarker.getDefaultInstance()).build();
  }
}
