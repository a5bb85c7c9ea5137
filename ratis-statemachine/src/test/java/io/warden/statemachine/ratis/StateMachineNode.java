package io.warden.statemachine.ratis;

import com.google.protobuf.InvalidProtocolBufferException;
import io.warden.protocol.client.BatchResult;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.command.Command;
import io.warden.statemachine.apply.ApplyEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * One server's state machine driven the way Ratis drives it: real Raft storage, real
 * transaction contexts, log entries applied one by one, restarts on the same directories. There
 * is no Raft server around it; {@link #host} only tells the state machine whose it is.
 */
final class StateMachineNode implements AutoCloseable {
  static final RaftGroupId GROUP = RaftGroupId.randomId();

  final Path storeDirectory;
  final RaftStorage raftStorage;
  final RaftServer host;
  final Recorder recorder = new Recorder();
  WardenStateMachine machine;

  StateMachineNode(Path root, String id) {
    this.storeDirectory = root.resolve("store");
    this.raftStorage = RaftStorageFixture.format(root.resolve("raft"));
    this.host = hostNamed(id);
    this.machine = started();
  }

  private WardenStateMachine started() {
    WardenStateMachine started = new WardenStateMachine(storeDirectory);
    started.addListener(recorder);
    try {
      started.initialize(host, GROUP, raftStorage);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return started;
  }

  /** Closes the state machine and starts a new one on the same directories. */
  void restart() throws IOException {
    machine.close();
    machine = started();
  }

  CommandResult apply(long term, long index, Command command) {
    return applyData(term, index, ByteString.copyFrom(command.toByteArray()));
  }

  /** Applies a committed batch entry; its reply is a {@link BatchResult}. */
  BatchResult applyBatch(long term, long index, Command batch) {
    Message reply = applyMessage(term, index, ByteString.copyFrom(batch.toByteArray()));
    try {
      return BatchResult.parseFrom(reply.getContent().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the reply to entry " + index + " is not a BatchResult", e);
    }
  }

  /** Applies a committed entry as a follower (or a replaying server) receives it. */
  CommandResult applyData(long term, long index, ByteString data) {
    Message reply = applyMessage(term, index, data);
    try {
      return CommandResult.parseFrom(reply.getContent().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the reply to entry " + index + " is not a CommandResult", e);
    }
  }

  private Message applyMessage(long term, long index, ByteString data) {
    LogEntryProto entry = LogEntryProto.newBuilder().setTerm(term).setIndex(index)
        .setStateMachineLogEntry(StateMachineLogEntryProto.newBuilder().setLogData(data)).build();
    TransactionContext trx = TransactionContext.newBuilder()
        .setStateMachine(machine).setServerRole(RaftPeerRole.FOLLOWER).setLogEntry(entry).build();
    return machine.applyTransaction(trx).join();
  }

  @Override
  public void close() throws IOException {
    machine.close();
    raftStorage.close();
  }

  /** What the server would learn through {@link StateMachineListener}. */
  static final class Recorder implements StateMachineListener {
    final Map<Long, List<ApplyEvent>> applied = new ConcurrentHashMap<>();
    final List<Long> reloaded = new CopyOnWriteArrayList<>();
    final Map<Long, Command.BodyCase> commandTypes = new ConcurrentHashMap<>();
    final List<Long> snapshots = new CopyOnWriteArrayList<>();

    @Override
    public void onApplied(long index, List<ApplyEvent> events) {
      applied.put(index, events);
    }

    @Override
    public void onStateReloaded(long index) {
      reloaded.add(index);
    }

    @Override
    public void onCommandApplied(long index, Command.BodyCase type, CommandResult result, long applyNanos) {
      if (applyNanos < 0) {
        throw new AssertionError("negative apply time " + applyNanos + " for entry " + index);
      }
      commandTypes.put(index, type);
    }

    @Override
    public void onSnapshotTaken(long index, long durationNanos) {
      snapshots.add(index);
    }
  }

  /** The hosting server's identity; the state machine asks it for nothing else in these tests. */
  private static RaftServer hostNamed(String id) {
    RaftPeerId peerId = RaftPeerId.valueOf(id);
    return (RaftServer) Proxy.newProxyInstance(RaftServer.class.getClassLoader(), new Class<?>[] {RaftServer.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getId" -> peerId;
          case "toString" -> "host " + id;
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException("not part of this test host: " + method.getName());
        });
  }
}
