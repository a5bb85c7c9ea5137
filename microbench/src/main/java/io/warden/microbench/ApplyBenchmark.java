package io.warden.microbench;

import io.warden.protocol.command.Batch;
import io.warden.protocol.command.Command;
import io.warden.statemachine.apply.Applied;
import io.warden.statemachine.apply.ApplyEvent;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The apply thread's work for the lock workloads, entry by entry as the Ratis adapter does it
 * ({@link AppliedStore}), without Ratis:
 *
 * <ul>
 *   <li>{@link #uncontendedCycle}: one session acquires its own free lock and releases it, each
 *       command in an entry of its own (the uncontended workload with nothing to batch);
 *   <li>{@link #uncontendedCycleBatched}: {@value #SESSIONS} sessions do the same with their
 *       commands sharing entries, as group commit packs them under load; per cycle;
 *   <li>{@link #contendedHandoff}: the holder releases a lock another session waits for (one entry
 *       that also grants it) and queues for it again (a second entry): the contended workload's
 *       two entries per handoff.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ApplyBenchmark {
  static final int SESSIONS = 16;

  private final LockCommands commands = new LockCommands();
  private AppliedStore store;
  private final long[] sessions = new long[SESSIONS];
  private int next;
  /** Contended: who holds {@code bench/c}, and at which token; one other session waits for it. */
  private long holder;
  private long holderToken;

  @Setup
  public void open() throws IOException {
    store = AppliedStore.open();
    for (int i = 0; i < SESSIONS; i++) {
      sessions[i] = sessionId(store.applyEntry(commands.createSession(10_000)).get(0));
    }
    holder = sessions[0];
    holderToken = grantedToken(store.applyEntry(commands.acquire("bench/c", holder)).get(0));
    store.applyEntry(commands.acquire("bench/c", sessions[1]));
  }

  @TearDown
  public void close() throws IOException {
    store.close();
  }

  @Benchmark
  public long uncontendedCycle() {
    long session = sessions[next++ % SESSIONS];
    String name = "bench/u/" + session;
    long token = grantedToken(store.applyEntry(commands.acquire(name, session)).get(0));
    store.applyEntry(commands.release(name, session, token));
    return token;
  }

  @Benchmark
  @OperationsPerInvocation(SESSIONS)
  public long uncontendedCycleBatched() {
    Batch.Builder acquires = Batch.newBuilder();
    for (long session : sessions) {
      acquires.addCommands(commands.acquire("bench/u/" + session, session));
    }
    List<Applied> granted = store.applyEntry(Command.newBuilder().setBatch(acquires).build());
    Batch.Builder releases = Batch.newBuilder();
    for (int i = 0; i < SESSIONS; i++) {
      releases.addCommands(commands.release("bench/u/" + sessions[i], sessions[i], grantedToken(granted.get(i))));
    }
    store.applyEntry(Command.newBuilder().setBatch(releases).build());
    return store.raftIndex();
  }

  @Benchmark
  public long contendedHandoff() {
    List<ApplyEvent> events = store.applyEntry(commands.release("bench/c", holder, holderToken)).get(0).events();
    ApplyEvent.LockGranted grant = (ApplyEvent.LockGranted) events.get(0);
    store.applyEntry(commands.acquire("bench/c", holder));
    holder = grant.sessionId();
    holderToken = grant.token();
    return holderToken;
  }

  private static long sessionId(Applied applied) {
    return applied.result().getCreateSession().getSessionId();
  }

  private static long grantedToken(Applied applied) {
    if (!applied.result().hasAcquire() || applied.result().getAcquire().getToken() == 0) {
      throw new IllegalStateException("expected a grant, got " + applied.result());
    }
    return applied.result().getAcquire().getToken();
  }
}
