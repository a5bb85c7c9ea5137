package io.warden.microbench;

import io.warden.protocol.command.Batch;
import io.warden.protocol.command.Command;
import io.warden.statemachine.apply.Applied;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a snapshot costs the apply thread: a checkpoint of the store after {@code entries} entries
 * of uncontended lock traffic (six acquires to an entry, then their six releases), the snapshot
 * threshold's worth. Ratis takes the snapshot on its apply thread, and every server of a group
 * reaches the threshold at the same index, so this is how long the leader stops answering.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class CheckpointBenchmark {
  private static final int SESSIONS = 16;
  private static final int PER_ENTRY = 6;

  @Param({"100000"})
  public int entries;

  private AppliedStore store;

  @Setup(Level.Iteration)
  public void applyTraffic() throws IOException {
    store = AppliedStore.open();
    LockCommands commands = new LockCommands();
    long[] sessions = new long[SESSIONS];
    for (int i = 0; i < SESSIONS; i++) {
      sessions[i] = store.applyEntry(commands.createSession(10_000)).get(0).result().getCreateSession().getSessionId();
    }
    for (int entry = 0; entry < entries; entry += 2) {
      int first = (entry / 2) % (SESSIONS - PER_ENTRY);
      Batch.Builder acquires = Batch.newBuilder();
      for (int i = first; i < first + PER_ENTRY; i++) {
        acquires.addCommands(commands.acquire("bench/u/" + sessions[i], sessions[i]));
      }
      List<Applied> granted = store.applyEntry(Command.newBuilder().setBatch(acquires).build());
      Batch.Builder releases = Batch.newBuilder();
      for (int i = 0; i < PER_ENTRY; i++) {
        long session = sessions[first + i];
        releases.addCommands(commands.release("bench/u/" + session, session,
            granted.get(i).result().getAcquire().getToken()));
      }
      store.applyEntry(Command.newBuilder().setBatch(releases).build());
    }
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    store.close();
  }

  @Benchmark
  public long checkpoint() {
    store.checkpoint();
    return store.raftIndex();
  }
}
