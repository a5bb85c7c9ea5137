package io.warden.client.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.LockHolderInfo;
import io.warden.protocol.client.LockWaiterInfo;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Introspection replies become the public records field by field. */
class LockProtoTest {

  @Test
  void aLockWithHoldersAndWaitersConvertsFieldByField() {
    io.warden.protocol.client.LockInfo proto =
        io.warden.protocol.client.LockInfo.newBuilder()
            .setName("orders")
            .setMode(io.warden.protocol.command.LockMode.SHARED)
            .addHolders(
                LockHolderInfo.newBuilder()
                    .setSessionId(7)
                    .setOwner("app@host:1")
                    .setToken(40)
                    .setGrantedMillis(1_700_000_000_000L))
            .addWaiters(
                LockWaiterInfo.newBuilder()
                    .setSessionId(9)
                    .setOwner("app@host:2")
                    .setWaiterId(45)
                    .setMode(io.warden.protocol.command.LockMode.EXCLUSIVE))
            .build();

    assertThat(LockProto.lockInfo(proto))
        .isEqualTo(
            new LockInfo(
                "orders",
                LockMode.SHARED,
                java.util.List.of(
                    new LockHolder(7, "app@host:1", 40, Instant.ofEpochMilli(1_700_000_000_000L))),
                java.util.List.of(new LockWaiter(9, "app@host:2", 45, LockMode.EXCLUSIVE))));
  }

  @Test
  void aLockNobodyHoldsHasNoMode() {
    io.warden.protocol.client.LockInfo proto =
        io.warden.protocol.client.LockInfo.newBuilder()
            .setName("delayed")
            .addWaiters(LockWaiterInfo.newBuilder().setSessionId(9).setWaiterId(45))
            .build();

    assertThat(LockProto.lockInfo(proto).mode()).isNull();
    assertThat(LockProto.lockInfo(proto).holders()).isEmpty();
  }
}
