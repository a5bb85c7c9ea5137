package io.warden.statemachine.call;

import com.google.protobuf.InvalidProtocolBufferException;
import io.warden.protocol.client.CallRecord;
import io.warden.protocol.client.CallRecords;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.command.ClientCall;
import io.warden.statemachine.apply.Positions;
import io.warden.statemachine.store.Family;
import io.warden.statemachine.store.StoreBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to every client write, kept until the client can no longer re-send it: what makes a
 * re-sent write apply at most once (the client-session rule of the Raft dissertation, §6.3).
 *
 * <p>The leader packs many clients' writes into one log entry, so Ratis's retry cache, which knows
 * one request per entry, cannot recognise a re-sent write any more; this table can, on every
 * replica, and a new leader has it too.
 *
 * <p>One record per client, rewritten by each of its calls (a point read and a write: no scans,
 * no tombstones to skip). Answers go in two ways, both deterministic:
 * <ul>
 *   <li>each call carries the client's lowest unanswered request id; the answers to lower ids go
 *       at once (the client never re-sends an id below it);
 *   <li>every {@value #SWEEP_EVERY} entries, the records of clients silent for
 *       {@value #RETAINED_ENTRIES} entries go: clients that stopped (crashed or closed) with
 *       answers outstanding. A client re-sends for at most its request timeout (60 s at most), and
 *       {@value #RETAINED_ENTRIES} entries take longer than that below ~70,000 entries a second.
 * </ul>
 */
public final class CallTable {
  /** Client ids are 16 bytes (the Hello id). */
  public static final int CLIENT_ID_BYTES = 16;
  static final long SWEEP_EVERY = 1L << 16;
  static final long RETAINED_ENTRIES = 1L << 22;

  /** What is recorded for {@code call}'s client: read once per call, then asked and extended. */
  public Recorded lookup(StoreBatch batch, ClientCall call) {
    byte[] value = batch.get(Family.CALLS, call.getClientId().toByteArray());
    return new Recorded(call, value == null ? CallRecords.getDefaultInstance() : decode(value));
  }

  /** One client's records as a call found them. */
  public static final class Recorded {
    private final ClientCall call;
    private final CallRecords records;

    private Recorded(ClientCall call, CallRecords records) {
      this.call = call;
      this.records = records;
    }

    /**
     * The answer recorded for the call, or null when it has none: it is new, or its client said
     * it has the answer.
     */
    public CommandResult answer() {
      for (CallRecord record : records.getCallsList()) {
        if (record.getRequestId() == call.getRequestId()) {
          return record.getResult();
        }
      }
      return null;
    }

    /**
     * Records {@code result} as the call's answer, applied at {@code position}, and forgets the
     * answers the client has said it holds: those below its lowest unanswered id.
     */
    public void record(StoreBatch batch, long position, CommandResult result) {
      long firstUnanswered = call.getFirstUnansweredId();
      CallRecords.Builder kept = CallRecords.newBuilder().setLastPosition(position);
      CallRecord added = CallRecord.newBuilder().setRequestId(call.getRequestId()).setPosition(position).setResult(result).build();
      boolean placed = false;
      for (CallRecord record : records.getCallsList()) {
        // Unsigned, as on the wire; kept in ascending id order.
        if (Long.compareUnsigned(record.getRequestId(), firstUnanswered) < 0) {
          continue;
        }
        if (!placed && Long.compareUnsigned(call.getRequestId(), record.getRequestId()) < 0) {
          kept.addCalls(added);
          placed = true;
        }
        kept.addCalls(record);
      }
      if (!placed) {
        kept.addCalls(added);
      }
      batch.put(Family.CALLS, call.getClientId().toByteArray(), kept.build().toByteArray());
    }
  }

  /** On every {@value #SWEEP_EVERY}th entry: forgets the clients silent for the whole window. */
  public void sweep(StoreBatch batch, long raftIndex) {
    if (raftIndex % SWEEP_EVERY != 0 || raftIndex <= RETAINED_ENTRIES) {
      return;
    }
    long oldestKept = Positions.first(raftIndex - RETAINED_ENTRIES);
    List<byte[]> silent = new ArrayList<>();
    batch.forEach(Family.CALLS, (key, value) -> {
      if (decode(value).getLastPosition() < oldestKept) {
        silent.add(key);
      }
    });
    silent.forEach(key -> batch.delete(Family.CALLS, key));
  }

  /** Whether {@code call} names its client well enough to be recorded. */
  public static boolean valid(ClientCall call) {
    return call.getClientId().size() == CLIENT_ID_BYTES && call.getRequestId() != 0;
  }

  private static CallRecords decode(byte[] value) {
    try {
      return CallRecords.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a client's call records do not decode", e);
    }
  }
}
