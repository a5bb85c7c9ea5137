package io.warden.client.lock;

import io.warden.protocol.client.LockHolderInfo;
import io.warden.protocol.client.LockWaiterInfo;
import java.time.Instant;

/** Converts between the lock types of the protocol and of the public API. */
final class LockProto {

  private LockProto() {}

  static io.warden.protocol.command.LockMode toProto(LockMode mode) {
    return switch (mode) {
      case EXCLUSIVE -> io.warden.protocol.command.LockMode.EXCLUSIVE;
      case SHARED -> io.warden.protocol.command.LockMode.SHARED;
    };
  }

  /** The API mode, or {@code null} for an unset or unknown one. */
  static LockMode fromProto(io.warden.protocol.command.LockMode mode) {
    return switch (mode) {
      case EXCLUSIVE -> LockMode.EXCLUSIVE;
      case SHARED -> LockMode.SHARED;
      case LOCK_MODE_UNSPECIFIED, UNRECOGNIZED -> null;
    };
  }

  static LockInfo lockInfo(io.warden.protocol.client.LockInfo info) {
    return new LockInfo(
        info.getName(),
        fromProto(info.getMode()),
        info.getHoldersList().stream().map(LockProto::holder).toList(),
        info.getWaitersList().stream().map(LockProto::waiter).toList());
  }

  private static LockHolder holder(LockHolderInfo holder) {
    return new LockHolder(
        holder.getSessionId(),
        holder.getOwner(),
        holder.getToken(),
        Instant.ofEpochMilli(holder.getGrantedMillis()));
  }

  private static LockWaiter waiter(LockWaiterInfo waiter) {
    return new LockWaiter(
        waiter.getSessionId(),
        waiter.getOwner(),
        waiter.getWaiterId(),
        fromProto(waiter.getMode()));
  }
}
