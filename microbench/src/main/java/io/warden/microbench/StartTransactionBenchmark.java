package io.warden.microbench;

import io.warden.protocol.command.Batch;
import io.warden.protocol.command.Command;
import io.warden.statemachine.ratis.WardenStateMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The leader's {@code startTransaction}: a request of {@code commands} client writes (a group-commit
 * entry) turned into the log entry Ratis appends. Runs on the proposer thread for every entry, so
 * under load it is on the path of every write. The state machine is not initialised: the method
 * touches no store.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StartTransactionBenchmark {
  @Param({"1", "6", "64"})
  public int commands;

  private final WardenStateMachine machine = new WardenStateMachine(Path.of("unused"));
  private RaftClientRequest request;

  @Setup
  public void prepare() {
    LockCommands writes = new LockCommands();
    Batch.Builder batch = Batch.newBuilder();
    for (int i = 0; i < commands; i++) {
      batch.addCommands(writes.acquire("bench/u/" + i, 1_000 + i));
    }
    byte[] entry = Command.newBuilder().setBatch(batch).build().toByteArray();
    request = RaftClientRequest.newBuilder()
        .setClientId(ClientId.randomId())
        .setServerId(RaftPeerId.valueOf("n1"))
        .setGroupId(RaftGroupId.randomId())
        .setCallId(1)
        .setMessage(Message.valueOf(ByteString.copyFrom(entry)))
        .setType(RaftClientRequest.writeRequestType())
        .build();
  }

  @Benchmark
  public TransactionContext startTransaction() throws IOException {
    return machine.startTransaction(request);
  }
}
