package io.warden.statemachine.call;

import com.google.protobuf.InvalidProtocolBufferException;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.command.ClientCall;
import io.warden.statemachine.apply.Positions;
import io.warden.statemachine.store.Family;
import io.warden.statemachine.store.StoreBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The answer to every client write, kept until the client can no longer re-send it: what makes a
 * re-sent write apply at most once (the client-session rule of the Raft dissertation, §6.3).
 *
 * <p>The leader packs many clients' writes into one log entry, so Ratis's retry cache, which knows
 * one request per entry, cannot recognise a re-sent write any more; this table can, on every
 * replica, and a new leader has it too.
 *
 * <p>Two kinds of key in the calls family: the client id (16 bytes) holds the ids of the client's
 * recorded calls (a small list of longs, rewritten by each call), and the client id followed by a
 * request id (24 bytes) holds that call's position and answer. A call costs a point read, two
 * small writes and the deletes of what it lets go: no scans, no parsing of other calls' answers.
 *
 * <p>Answers go in two ways, both deterministic:
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
    byte[] clientId = call.getClientId().toByteArray();
    byte[] ids = batch.get(Family.CALLS, clientId);
    return new Recorded(call, clientId, ids == null ? new long[0] : requestIds(ids));
  }

  /** One client's records as a call found them. */
  public static final class Recorded {
    private final ClientCall call;
    private final byte[] clientId;
    private final long[] requestIds;

    private Recorded(ClientCall call, byte[] clientId, long[] requestIds) {
      this.call = call;
      this.clientId = clientId;
      this.requestIds = requestIds;
    }

    /**
     * The answer recorded for the call, or null when it has none: it is new, or its client said
     * it has the answer.
     */
    public CommandResult answer(StoreBatch batch) {
      if (!listed(call.getRequestId())) {
        return null;
      }
      byte[] value = batch.get(Family.CALLS, callKey(clientId, call.getRequestId()));
      if (value == null) {
        throw new IllegalStateException("request " + Long.toUnsignedString(call.getRequestId())
            + " is listed for its client but has no answer recorded");
      }
      try {
        return CommandResult.parseFrom(ByteBuffer.wrap(value, Long.BYTES, value.length - Long.BYTES));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("the recorded answer to request " + call.getRequestId() + " does not decode", e);
      }
    }

    private boolean listed(long requestId) {
      for (long id : requestIds) {
        if (id == requestId) {
          return true;
        }
      }
      return false;
    }

    /**
     * Records {@code result} as the call's answer, applied at {@code position}, and forgets the
     * answers the client has said it holds: those below its lowest unanswered id.
     */
    public void record(StoreBatch batch, long position, CommandResult result) {
      long firstUnanswered = call.getFirstUnansweredId();
      ByteBuffer ids = ByteBuffer.allocate(Long.BYTES * (requestIds.length + 2)).putLong(position);
      for (long id : requestIds) {
        // Unsigned, as on the wire.
        if (Long.compareUnsigned(id, firstUnanswered) < 0) {
          batch.delete(Family.CALLS, callKey(clientId, id));
        } else {
          ids.putLong(id);
        }
      }
      ids.putLong(call.getRequestId());
      batch.put(Family.CALLS, clientId, Arrays.copyOf(ids.array(), ids.position()));
      byte[] answer = result.toByteArray();
      batch.put(Family.CALLS, callKey(clientId, call.getRequestId()),
          ByteBuffer.allocate(Long.BYTES + answer.length).putLong(position).put(answer).array());
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
      if (key.length == CLIENT_ID_BYTES && ByteBuffer.wrap(value).getLong() < oldestKept) {
        silent.add(key);
        for (long id : requestIds(value)) {
          silent.add(callKey(key, id));
        }
      }
    });
    silent.forEach(key -> batch.delete(Family.CALLS, key));
  }

  /** Whether {@code call} names its client well enough to be recorded. */
  public static boolean valid(ClientCall call) {
    return call.getClientId().size() == CLIENT_ID_BYTES && call.getRequestId() != 0;
  }

  /** The request ids listed in a client's value (after its last position). */
  private static long[] requestIds(byte[] value) {
    ByteBuffer buffer = ByteBuffer.wrap(value, Long.BYTES, value.length - Long.BYTES);
    long[] ids = new long[buffer.remaining() / Long.BYTES];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = buffer.getLong();
    }
    return ids;
  }

  private static byte[] callKey(byte[] clientId, long requestId) {
    return ByteBuffer.allocate(CLIENT_ID_BYTES + Long.BYTES).put(clientId).putLong(requestId).array();
  }
}
