package io.warden.statemachine.testing;

import io.warden.protocol.command.Acquire;
import io.warden.protocol.command.Cancel;
import io.warden.protocol.command.CloseSession;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.CreateSession;
import io.warden.protocol.command.ExpireSession;
import io.warden.protocol.command.Join;
import io.warden.protocol.command.LeadershipMarker;
import io.warden.protocol.command.Leave;
import io.warden.protocol.command.LockMode;
import io.warden.protocol.command.Release;
import io.warden.protocol.command.ReleasePartition;
import io.warden.protocol.command.RingConfig;

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

  /** An exclusive acquire that queues when the lock is busy. */
  public static Command acquire(String name, long sessionId) {
    return Command.newBuilder().setLeaderStampMillis(STAMP_MILLIS)
        .setAcquire(Acquire.newBuilder().setName(name).setSessionId(sessionId).setMode(LockMode.EXCLUSIVE)
            .setWait(true)).build();
  }

  public static Command release(String name, long sessionId, long token) {
    return Command.newBuilder().setLeaderStampMillis(STAMP_MILLIS)
        .setRelease(Release.newBuilder().setName(name).setSessionId(sessionId).setToken(token)).build();
  }

  public static Command cancel(String name, long sessionId, long waiterId) {
    return Command.newBuilder().setLeaderStampMillis(STAMP_MILLIS)
        .setCancel(Cancel.newBuilder().setName(name).setSessionId(sessionId).setWaiterId(waiterId)).build();
  }

  public static Command join(String nodeId, String zone, int weight, long sessionId, RingConfig ring) {
    return Command.newBuilder().setLeaderStampMillis(STAMP_MILLIS)
        .setJoin(Join.newBuilder().setNodeId(nodeId).setAddress(nodeId + ":7000").setZone(zone).setWeight(weight)
            .setSessionId(sessionId).setRing(ring)).build();
  }

  public static Command leave(String nodeId, long sessionId) {
    return Command.newBuilder().setLeaderStampMillis(STAMP_MILLIS)
        .setLeave(Leave.newBuilder().setNodeId(nodeId).setSessionId(sessionId)).build();
  }

  public static Command releasePartition(int partition, long token, long sessionId) {
    return Command.newBuilder().setLeaderStampMillis(STAMP_MILLIS)
        .setReleasePartition(ReleasePartition.newBuilder().setPartition(partition).setToken(token)
            .setSessionId(sessionId)).build();
  }

  public static RingConfig ring(int partitions, double epsilon, int replicas) {
    return RingConfig.newBuilder().setPartitions(partitions).setEpsilon(epsilon).setReplicas(replicas).build();
  }
}
