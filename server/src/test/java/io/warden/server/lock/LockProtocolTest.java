package io.warden.server.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.AcquireOutcome;
import io.warden.protocol.client.AcquireReply;
import io.warden.protocol.client.AcquireRequest;
import io.warden.protocol.client.CancelRequest;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.DescribeLockRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.LockGranted;
import io.warden.protocol.client.ReleaseRequest;
import io.warden.protocol.client.Response;
import io.warden.protocol.command.LockMode;
import io.warden.server.WardenServer;
import io.warden.server.testing.LocalCluster;
import io.warden.server.testing.RawClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lock semantics on the wire against a real three-server cluster (DESIGN §6). */
class LockProtocolTest {
  private static final AtomicInteger NAMES = new AtomicInteger();

  @TempDir static Path dir;
  static LocalCluster cluster;
  static WardenServer leader;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(dir, 3);
    leader = cluster.awaitLeader();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  static String freshName() {
    return "test/lock-" + NAMES.incrementAndGet();
  }

  static long session(RawClient client, long ttlMillis) {
    return client.call(ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder()
        .setTtlMillis(ttlMillis).setOwner("lock-test"))).getCreateSession().getSessionId();
  }

  static AcquireReply acquire(RawClient client, String name, long session, LockMode mode, boolean wait) {
    Response response = client.call(ClientMessage.newBuilder().setAcquire(AcquireRequest.newBuilder()
        .setName(name).setSessionId(session).setMode(mode).setWait(wait)));
    assertThat(response.hasAcquire()).as(response.toString()).isTrue();
    return response.getAcquire();
  }

  static Response release(RawClient client, String name, long session, long token) {
    return client.call(ClientMessage.newBuilder().setRelease(ReleaseRequest.newBuilder()
        .setName(name).setSessionId(session).setToken(token)));
  }

  static LockGranted nextGrant(RawClient client) {
    return client.nextEvent().getEvent().getLockGranted();
  }

  @Test
  void waiterIsToldOfItsGrantByPushWithAHigherToken() {
    String name = freshName();
    try (RawClient a = RawClient.connect(leader.clientAddress()); RawClient b = RawClient.connect(leader.clientAddress())) {
      long sa = session(a, 30_000);
      long sb = session(b, 30_000);
      AcquireReply first = acquire(a, name, sa, LockMode.EXCLUSIVE, true);
      assertThat(first.getOutcome()).isEqualTo(AcquireOutcome.GRANTED);
      AcquireReply queued = acquire(b, name, sb, LockMode.EXCLUSIVE, true);
      assertThat(queued.getOutcome()).isEqualTo(AcquireOutcome.QUEUED);

      assertThat(release(a, name, sa, first.getToken()).hasRelease()).isTrue();
      LockGranted granted = nextGrant(b);
      assertThat(granted.getName()).isEqualTo(name);
      assertThat(granted.getSessionId()).isEqualTo(sb);
      assertThat(granted.getWaiterId()).isEqualTo(queued.getWaiterId());
      assertThat(granted.getToken()).isGreaterThan(first.getToken());
    }
  }

  @Test
  void reacquiringAHeldLockReturnsTheSameGrant() {
    String name = freshName();
    try (RawClient a = RawClient.connect(leader.clientAddress())) {
      long sa = session(a, 30_000);
      long token = acquire(a, name, sa, LockMode.EXCLUSIVE, true).getToken();
      AcquireReply again = acquire(a, name, sa, LockMode.EXCLUSIVE, true);
      assertThat(again.getOutcome()).isEqualTo(AcquireOutcome.GRANTED);
      assertThat(again.getToken()).isEqualTo(token);
      assertThat(release(a, name, sa, token).hasRelease()).isTrue();
      assertThat(release(a, name, sa, token).getError().getCode()).as("one release, not a counted re-entry")
          .isEqualTo(ErrorCode.STALE_TOKEN);
    }
  }

  @Test
  void busyWithoutWaitNamesTheHolderAndQueuesNothing() {
    String name = freshName();
    try (RawClient a = RawClient.connect(leader.clientAddress()); RawClient b = RawClient.connect(leader.clientAddress())) {
      long sa = session(a, 30_000);
      long sb = session(b, 30_000);
      long token = acquire(a, name, sa, LockMode.EXCLUSIVE, true).getToken();
      AcquireReply busy = acquire(b, name, sb, LockMode.EXCLUSIVE, false);
      assertThat(busy.getOutcome()).isEqualTo(AcquireOutcome.BUSY);
      assertThat(busy.getHolders(0).getSessionId()).isEqualTo(sa);
      assertThat(busy.getHolders(0).getToken()).isEqualTo(token);
      assertThat(describe(a, name).getLock().getWaitersCount()).isZero();
    }
  }

  @Test
  void waitersAreGrantedInFifoOrderWithIncreasingTokens() {
    String name = freshName();
    try (RawClient holder = RawClient.connect(leader.clientAddress())) {
      long sh = session(holder, 30_000);
      long token = acquire(holder, name, sh, LockMode.EXCLUSIVE, true).getToken();
      List<RawClient> waiters = new ArrayList<>();
      List<Long> sessions = new ArrayList<>();
      try {
        for (int i = 0; i < 5; i++) {
          RawClient waiter = RawClient.connect(leader.clientAddress());
          waiters.add(waiter);
          long s = session(waiter, 30_000);
          sessions.add(s);
          assertThat(acquire(waiter, name, s, LockMode.EXCLUSIVE, true).getOutcome()).isEqualTo(AcquireOutcome.QUEUED);
        }
        assertThat(describe(holder, name).getLock().getWaitersList()).extracting(w -> w.getSessionId())
            .containsExactlyElementsOf(sessions);
        release(holder, name, sh, token);
        long previous = token;
        for (int i = 0; i < 5; i++) {
          LockGranted granted = nextGrant(waiters.get(i));
          assertThat(granted.getSessionId()).isEqualTo(sessions.get(i));
          assertThat(granted.getToken()).isGreaterThan(previous);
          previous = granted.getToken();
          assertThat(release(waiters.get(i), name, sessions.get(i), granted.getToken()).hasRelease()).isTrue();
        }
      } finally {
        waiters.forEach(RawClient::close);
      }
    }
  }

  @Test
  void sharedHoldersShareButASharedRequestNeverOvertakesAnExclusiveWaiter() {
    String name = freshName();
    try (RawClient r1 = RawClient.connect(leader.clientAddress()); RawClient r2 = RawClient.connect(leader.clientAddress());
         RawClient w = RawClient.connect(leader.clientAddress()); RawClient r3 = RawClient.connect(leader.clientAddress())) {
      long s1 = session(r1, 30_000);
      long s2 = session(r2, 30_000);
      long sw = session(w, 30_000);
      long s3 = session(r3, 30_000);
      AcquireReply read1 = acquire(r1, name, s1, LockMode.SHARED, true);
      AcquireReply read2 = acquire(r2, name, s2, LockMode.SHARED, true);
      assertThat(read1.getOutcome()).isEqualTo(AcquireOutcome.GRANTED);
      assertThat(read2.getOutcome()).isEqualTo(AcquireOutcome.GRANTED);
      assertThat(acquire(w, name, sw, LockMode.EXCLUSIVE, true).getOutcome()).isEqualTo(AcquireOutcome.QUEUED);
      assertThat(acquire(r3, name, s3, LockMode.SHARED, true).getOutcome()).as("no writer starvation")
          .isEqualTo(AcquireOutcome.QUEUED);

      release(r1, name, s1, read1.getToken());
      assertThat(describe(r1, name).getLock().getHoldersList()).extracting(h -> h.getSessionId()).containsExactly(s2);
      release(r2, name, s2, read2.getToken());
      LockGranted write = nextGrant(w);
      assertThat(write.getMode()).isEqualTo(LockMode.EXCLUSIVE);
      release(w, name, sw, write.getToken());
      LockGranted read3 = nextGrant(r3);
      assertThat(read3.getMode()).isEqualTo(LockMode.SHARED);
      assertThat(read3.getToken()).isGreaterThan(write.getToken());
    }
  }

  @Test
  void staleOrForeignTokenIsRefusedAndChangesNothing() {
    String name = freshName();
    try (RawClient a = RawClient.connect(leader.clientAddress()); RawClient b = RawClient.connect(leader.clientAddress())) {
      long sa = session(a, 30_000);
      long sb = session(b, 30_000);
      long token = acquire(a, name, sa, LockMode.EXCLUSIVE, true).getToken();
      Response stale = release(a, name, sa, token - 1);
      assertThat(stale.getError().getCode()).isEqualTo(ErrorCode.STALE_TOKEN);
      assertThat(stale.getError().getMessage()).contains("not a current grant");
      assertThat(release(b, name, sb, token).getError().getCode()).as("another session's token").isEqualTo(ErrorCode.STALE_TOKEN);
      assertThat(describe(a, name).getLock().getHolders(0).getToken()).isEqualTo(token);
    }
  }

  @Test
  void cancelRemovesTheWaiterAndCancelAfterAGrantReportsItsToken() {
    String name = freshName();
    try (RawClient a = RawClient.connect(leader.clientAddress()); RawClient b = RawClient.connect(leader.clientAddress())) {
      long sa = session(a, 30_000);
      long sb = session(b, 30_000);
      long token = acquire(a, name, sa, LockMode.EXCLUSIVE, true).getToken();
      long waiter = acquire(b, name, sb, LockMode.EXCLUSIVE, true).getWaiterId();
      Response cancelled = b.call(ClientMessage.newBuilder().setCancel(CancelRequest.newBuilder()
          .setName(name).setSessionId(sb).setWaiterId(waiter)));
      assertThat(cancelled.getCancel().getRemoved()).isTrue();
      assertThat(describe(a, name).getLock().getWaitersCount()).isZero();

      long second = acquire(b, name, sb, LockMode.EXCLUSIVE, true).getWaiterId();
      release(a, name, sa, token);
      LockGranted granted = nextGrant(b);
      Response late = b.call(ClientMessage.newBuilder().setCancel(CancelRequest.newBuilder()
          .setName(name).setSessionId(sb).setWaiterId(second)));
      assertThat(late.getCancel().getRemoved()).isFalse();
      assertThat(late.getCancel().getToken()).isEqualTo(granted.getToken());
    }
  }

  @Test
  void badNamesAreRefusedWithAClearError() {
    try (RawClient a = RawClient.connect(leader.clientAddress())) {
      long sa = session(a, 30_000);
      for (String name : List.of("", "x".repeat(513), "é".repeat(257))) {
        Response response = a.call(ClientMessage.newBuilder().setAcquire(AcquireRequest.newBuilder()
            .setName(name).setSessionId(sa).setMode(LockMode.EXCLUSIVE).setWait(true)));
        assertThat(response.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(response.getError().getMessage()).contains("1 to 512 bytes");
      }
      Response unknown = a.call(ClientMessage.newBuilder().setAcquire(AcquireRequest.newBuilder()
          .setName(freshName()).setSessionId(424242).setMode(LockMode.EXCLUSIVE).setWait(true)));
      assertThat(unknown.getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
    }
  }

  @Test
  void expiredHolderLosesTheLockOnlyAfterItsTtlAndTheNextWaiterGetsIt() {
    String name = freshName();
    try (RawClient holder = RawClient.connect(leader.clientAddress()); RawClient waiter = RawClient.connect(leader.clientAddress())) {
      long sh = session(holder, 1_500);
      long sw = session(waiter, 30_000);
      long sent = System.nanoTime();
      holder.call(ClientMessage.newBuilder().setKeepAlive(KeepAliveRequest.newBuilder().addSessionIds(sh)));
      long token = acquire(holder, name, sh, LockMode.EXCLUSIVE, true).getToken();
      assertThat(acquire(waiter, name, sw, LockMode.EXCLUSIVE, true).getOutcome()).isEqualTo(AcquireOutcome.QUEUED);
      // The holder falls silent.
      LockGranted granted = nextGrant(waiter);
      long afterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
      assertThat(granted.getToken()).isGreaterThan(token);
      assertThat(afterMillis).isGreaterThanOrEqualTo(1_500).isLessThan(1_500 + 3_000);
    }
  }

  @Test
  void lockDelayKeepsAnExpiredHoldersLockUngrantedForTheDelay() {
    String name = freshName();
    try (RawClient holder = RawClient.connect(leader.clientAddress()); RawClient waiter = RawClient.connect(leader.clientAddress())) {
      long sh = session(holder, 1_000);
      long sw = session(waiter, 30_000);
      Response first = holder.call(ClientMessage.newBuilder().setAcquire(AcquireRequest.newBuilder()
          .setName(name).setSessionId(sh).setMode(LockMode.EXCLUSIVE).setWait(true).setLockDelayMillis(2_000)));
      long sent = System.nanoTime();
      assertThat(acquire(waiter, name, sw, LockMode.EXCLUSIVE, true).getOutcome()).isEqualTo(AcquireOutcome.QUEUED);
      LockGranted granted = nextGrant(waiter);
      long afterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
      assertThat(granted.getToken()).isGreaterThan(first.getAcquire().getToken());
      assertThat(afterMillis).as("TTL then lock-delay").isGreaterThanOrEqualTo(2_000);
    }
  }

  static io.warden.protocol.client.DescribeLockReply describe(RawClient client, String name) {
    return client.call(ClientMessage.newBuilder().setDescribeLock(DescribeLockRequest.newBuilder().setName(name)))
        .getDescribeLock();
  }
}
