package io.warden.statemachine.ring;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.JoinReply;
import io.warden.protocol.client.LeaveReply;
import io.warden.protocol.client.PartitionGrant;
import io.warden.protocol.client.ReleasePartitionReply;
import io.warden.protocol.command.Join;
import io.warden.protocol.command.Leave;
import io.warden.protocol.command.MemberRecord;
import io.warden.protocol.command.MemberState;
import io.warden.protocol.command.PartitionRecord;
import io.warden.protocol.command.PartitionState;
import io.warden.protocol.command.ReleasePartition;
import io.warden.protocol.command.RingConfig;
import io.warden.protocol.command.SessionRecord;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.apply.ApplyEvent.RemovalReason;
import io.warden.statemachine.apply.Results;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.store.Family;
import io.warden.statemachine.store.Keys;
import io.warden.statemachine.store.StoreBatch;
import io.warden.statemachine.store.StoreException;
import io.warden.statemachine.store.StoreReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Apply logic and reads for ring membership and partition ownership (DESIGN §7).
 *
 * <p>Each partition record holds two things: its <em>owner</em> (who may serve it now, with the
 * token it got it at) and its <em>target</em> (the placer's replica list, owner first). A
 * membership change recomputes every target from the previous targets ({@link Placer#place(
 * Placement, java.util.Collection)}) and then settles each partition:
 * <ul>
 *   <li>no owner, or an owner that is no longer a member (its session ended): the target owner
 *       gets it at once, token = this entry's index;</li>
 *   <li>owner = target owner: OWNED;</li>
 *   <li>owner alive but not the target: HANDOFF. The owner is told (an event pushed to its
 *       session) and keeps the partition until it applies {@code ReleasePartition} with its token;
 *       only that entry gives the partition to the target, with that entry's (higher) index as
 *       token. Nothing else ends a HANDOFF but the owner's session ending, so no partition ever has
 *       two owners.</li>
 * </ul>
 *
 * <p>A {@code Leave} takes the member out of placement at once (state LEAVING) but keeps its record
 * until it has released its last partition, so its partitions follow the same handoff.
 *
 * <p>The ring's parameters (P, ε, R) are stored in {@code meta} by the first {@code Join}, from the
 * values the proposing leader carried in it; every later entry uses the stored values, so replicas
 * never place with different parameters. The ring epoch is the index of the last membership change.
 */
public final class RingTable implements SessionTable.RemovalHook {
  /** Longest node id, zone or address, in bytes of UTF-8. */
  public static final int MAX_TEXT_BYTES = 256;
  /** Most members a ring holds (LEAVING ones included). */
  public static final int MAX_MEMBERS = 10_000;
  /** Largest partition count a cluster may be created with. */
  public static final int MAX_PARTITIONS = 1 << 16;

  private static final byte[] CONFIG_KEY = "ring.config".getBytes(StandardCharsets.UTF_8);
  private static final byte[] EPOCH_KEY = "ring.epoch".getBytes(StandardCharsets.UTF_8);

  public CommandResult join(StoreBatch batch, long index, long stampMillis, Join command,
                            Consumer<ApplyEvent> events) {
    CommandResult invalid = checkText("node id", command.getNodeId(), false);
    if (invalid == null) {
      invalid = checkText("zone", command.getZone(), true);
    }
    if (invalid == null) {
      invalid = checkText("address", command.getAddress(), true);
    }
    if (invalid != null) {
      return invalid;
    }
    if (command.getWeight() < Member.MIN_WEIGHT || command.getWeight() > Member.MAX_WEIGHT) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, "weight must be " + Member.MIN_WEIGHT + ".."
          + Member.MAX_WEIGHT + ", was " + command.getWeight());
    }
    long sessionId = command.getSessionId();
    if (SessionTable.find(batch, sessionId) == null) {
      return SessionTable.unknown(sessionId);
    }
    RingConfig config = config(batch).orElse(null);
    if (config == null) {
      config = command.hasRing() ? command.getRing() : defaultConfig();
      CommandResult badConfig = checkConfig(config);
      if (badConfig != null) {
        return badConfig;
      }
      batch.put(Family.META, CONFIG_KEY, config.toByteArray());
    }
    MemberRecord existing = member(batch, command.getNodeId()).orElse(null);
    if (existing != null && existing.getSessionId() != sessionId) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, "node id " + command.getNodeId()
          + " is a member under session " + existing.getSessionId() + ": it stays until that session leaves or ends");
    }
    MemberRecord record = MemberRecord.newBuilder()
        .setNodeId(command.getNodeId())
        .setAddress(command.getAddress())
        .setZone(command.getZone())
        .setWeight(command.getWeight())
        .setSessionId(sessionId)
        .setJoinedIndex(existing == null ? index : existing.getJoinedIndex())
        .setState(MemberState.ACTIVE)
        .build();
    if (record.equals(existing)) {
      // A retry, or a data node re-joining after a reconnect: nothing changes.
      return joined(epoch(batch), config.getPartitions());
    }
    if (existing == null && countMembers(batch) >= MAX_MEMBERS) {
      return Results.error(ErrorCode.LIMIT_EXCEEDED, "the ring already has " + MAX_MEMBERS + " members");
    }
    putMember(batch, record);
    rebalance(batch, index, config, events);
    return joined(index, config.getPartitions());
  }

  public CommandResult leave(StoreBatch batch, long index, long stampMillis, Leave command,
                             Consumer<ApplyEvent> events) {
    MemberRecord existing = member(batch, command.getNodeId()).orElse(null);
    if (existing == null) {
      // Already gone: a retry of a leave that completed, or of one whose session ended.
      return left(epoch(batch), List.of());
    }
    if (existing.getSessionId() != command.getSessionId()) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, "node id " + command.getNodeId() + " is a member under session "
          + existing.getSessionId() + ", not " + command.getSessionId() + ": only its own session can make it leave");
    }
    if (existing.getState() == MemberState.LEAVING) {
      return left(epoch(batch), grantsOf(batch, existing.getNodeId()));
    }
    RingConfig config = config(batch).orElseThrow(() -> new StoreException("a member exists but the ring has no config"));
    putMember(batch, existing.toBuilder().setState(MemberState.LEAVING).build());
    rebalance(batch, index, config, events);
    List<PartitionGrant> releasing = grantsOf(batch, existing.getNodeId());
    if (releasing.isEmpty()) {
      batch.delete(Family.MEMBERS, Keys.ofString(existing.getNodeId()));
    }
    return left(index, releasing);
  }

  public CommandResult releasePartition(StoreBatch batch, long index, long stampMillis, ReleasePartition command,
                                        Consumer<ApplyEvent> events) {
    RingConfig config = config(batch).orElse(null);
    int partition = command.getPartition();
    if (config == null || partition < 0 || partition >= config.getPartitions()) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, "partition " + partition + " does not exist (the ring has "
          + (config == null ? 0 : config.getPartitions()) + " partitions)");
    }
    PartitionRecord record = partition(batch, partition);
    MemberRecord owner = record.getOwner().isEmpty() ? null : member(batch, record.getOwner()).orElse(null);
    if (owner == null || record.getToken() != command.getToken() || owner.getSessionId() != command.getSessionId()) {
      return Results.error(ErrorCode.STALE_TOKEN, "token " + command.getToken() + " is not the current grant of session "
          + command.getSessionId() + " on partition " + partition + ": it was released already, or belongs to an "
          + "earlier owner; nothing changed");
    }
    Map<String, MemberRecord> members = membersById(batch);
    long epoch = epoch(batch);
    PartitionRecord.Builder released = record.toBuilder().setOwner("").setToken(0);
    PartitionRecord settled = settle(released, members, index, epoch, events);
    save(batch, settled);
    if (owner.getState() == MemberState.LEAVING && !ownsAny(batch, owner.getNodeId())) {
      batch.delete(Family.MEMBERS, Keys.ofString(owner.getNodeId()));
    }
    events.accept(new ApplyEvent.RingChanged(index, epoch, List.of(settled)));
    return CommandResult.newBuilder().setReleasePartition(ReleasePartitionReply.getDefaultInstance()).build();
  }

  /** A session ended: its members are gone, and their partitions go to their targets at once. */
  @Override
  public void beforeRemove(StoreBatch batch, long index, long stampMillis, SessionRecord session,
                           RemovalReason reason, Consumer<ApplyEvent> events) {
    boolean removed = false;
    for (MemberRecord member : members(batch)) {
      if (member.getSessionId() == session.getId()) {
        batch.delete(Family.MEMBERS, Keys.ofString(member.getNodeId()));
        removed = true;
      }
    }
    if (removed) {
      rebalance(batch, index, config(batch).orElseThrow(), events);
    }
  }

  /** Places the ACTIVE members from the previous targets, settles every partition; the epoch becomes {@code index}. */
  private static void rebalance(StoreBatch batch, long index, RingConfig config, Consumer<ApplyEvent> events) {
    Map<String, MemberRecord> members = membersById(batch);
    List<Member> placed = new ArrayList<>();
    for (MemberRecord member : members.values()) {
      if (member.getState() == MemberState.ACTIVE) {
        placed.add(new Member(member.getNodeId(), member.getZone(), member.getWeight()));
      }
    }
    List<PartitionRecord> records = partitions(batch, config.getPartitions());
    List<PartitionAssignment> previous = new ArrayList<>(records.size());
    for (PartitionRecord record : records) {
      previous.add(new PartitionAssignment(record.getPartition(), record.getTargetReplicasList()));
    }
    Placement target = placer(config).place(Placement.of(previous), placed);
    batch.put(Family.META, EPOCH_KEY, Keys.ofLong(index));
    List<PartitionRecord> changed = new ArrayList<>();
    for (PartitionRecord record : records) {
      PartitionRecord.Builder next = record.toBuilder().clearTargetReplicas()
          .addAllTargetReplicas(target.assignment(record.getPartition()).replicas());
      PartitionRecord settled = settle(next, members, index, index, events);
      if (!settled.equals(record)) {
        save(batch, settled);
        changed.add(settled);
      }
    }
    events.accept(new ApplyEvent.RingChanged(index, index, changed));
  }

  /**
   * Moves a partition as far towards its target as is safe now: see the class comment. The
   * owner counts as gone when it has no member record.
   */
  private static PartitionRecord settle(PartitionRecord.Builder record, Map<String, MemberRecord> members, long index,
                                        long epoch, Consumer<ApplyEvent> events) {
    String before = record.getOwner() + "/" + record.getToken() + "/" + record.getState();
    String targetOwner = record.getTargetReplicasCount() == 0 ? "" : record.getTargetReplicas(0);
    MemberRecord owner = record.getOwner().isEmpty() ? null : members.get(record.getOwner());
    int partition = record.getPartition();
    if (owner == null) {
      if (targetOwner.isEmpty()) {
        record.setOwner("").setToken(0).setState(PartitionState.OWNED);
      } else {
        record.setOwner(targetOwner).setToken(index).setState(PartitionState.OWNED);
        events.accept(new ApplyEvent.PartitionAcquired(index, targetOwner, members.get(targetOwner).getSessionId(),
            partition, index, epoch));
      }
    } else if (owner.getNodeId().equals(targetOwner)) {
      if (record.getState() == PartitionState.HANDOFF) {
        // The handoff was called off (the newcomer left again): tell the owner it keeps serving.
        record.setState(PartitionState.OWNED);
        events.accept(new ApplyEvent.PartitionAcquired(index, owner.getNodeId(), owner.getSessionId(), partition,
            record.getToken(), epoch));
      }
    } else if (record.getState() != PartitionState.HANDOFF) {
      record.setState(PartitionState.HANDOFF);
      events.accept(new ApplyEvent.PartitionReleaseRequested(index, owner.getNodeId(), owner.getSessionId(), partition,
          record.getToken(), epoch));
    }
    String after = record.getOwner() + "/" + record.getToken() + "/" + record.getState();
    if (!before.equals(after)) {
      record.setChangedIndex(index);
    }
    return record.build();
  }

  private static Placer placer(RingConfig config) {
    return new Placer(config.getPartitions(), config.getEpsilon(), config.getReplicas());
  }

  /** The parameters a Join without any carries: the documented defaults. */
  public static RingConfig defaultConfig() {
    return RingConfig.newBuilder().setPartitions(Placer.DEFAULT_PARTITIONS).setEpsilon(Placer.DEFAULT_EPSILON)
        .setReplicas(Placer.DEFAULT_REPLICAS).build();
  }

  /** Null when {@code config} is valid, else the error that says why not. */
  public static CommandResult checkConfig(RingConfig config) {
    if (config.getPartitions() < 1 || config.getPartitions() > MAX_PARTITIONS) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, "the partition count must be 1.." + MAX_PARTITIONS + ", was "
          + config.getPartitions());
    }
    if (!(config.getEpsilon() >= 0 && config.getEpsilon() <= Placer.MAX_EPSILON)) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, "epsilon must be 0.." + Placer.MAX_EPSILON + ", was "
          + config.getEpsilon());
    }
    if (config.getReplicas() < 1) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, "the replication factor must be at least 1, was "
          + config.getReplicas());
    }
    return null;
  }

  private static CommandResult checkText(String what, String value, boolean mayBeEmpty) {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if ((bytes == 0 && !mayBeEmpty) || bytes > MAX_TEXT_BYTES) {
      return Results.error(ErrorCode.INVALID_ARGUMENT, what + " must be " + (mayBeEmpty ? 0 : 1) + " to "
          + MAX_TEXT_BYTES + " bytes of UTF-8, was " + bytes);
    }
    return null;
  }

  private static CommandResult joined(long epoch, int partitions) {
    return CommandResult.newBuilder().setJoin(JoinReply.newBuilder().setEpoch(epoch).setPartitions(partitions)).build();
  }

  private static CommandResult left(long epoch, List<PartitionGrant> releasing) {
    return CommandResult.newBuilder().setLeave(LeaveReply.newBuilder().setEpoch(epoch).addAllReleasing(releasing))
        .build();
  }

  /**
   * Whether {@code nodeId} still owns a partition. Stops at the first: a leaving node releases its
   * partitions one by one, and a full scan per release made a leave quadratic in P (measured: a
   * leave at P = 1024 settled 5× slower than a join).
   */
  private static boolean ownsAny(StoreReader reader, String nodeId) {
    return reader.anyMatch(Family.PARTITIONS,
        (key, value) -> decode(PartitionRecord.parser(), value).getOwner().equals(nodeId));
  }

  private static List<PartitionGrant> grantsOf(StoreReader reader, String nodeId) {
    List<PartitionGrant> grants = new ArrayList<>();
    reader.forEach(Family.PARTITIONS, (key, value) -> {
      PartitionRecord record = decode(PartitionRecord.parser(), value);
      if (record.getOwner().equals(nodeId)) {
        grants.add(PartitionGrant.newBuilder().setPartition(record.getPartition()).setToken(record.getToken()).build());
      }
    });
    return grants;
  }

  private static void putMember(StoreBatch batch, MemberRecord record) {
    batch.put(Family.MEMBERS, Keys.ofString(record.getNodeId()), record.toByteArray());
  }

  private static void save(StoreBatch batch, PartitionRecord record) {
    batch.put(Family.PARTITIONS, Keys.ofInt(record.getPartition()), record.toByteArray());
  }

  private static int countMembers(StoreReader reader) {
    int[] count = {0};
    reader.forEach(Family.MEMBERS, (key, value) -> count[0]++);
    return count[0];
  }

  // ---- reads ------------------------------------------------------------------------------

  /** The ring's parameters, once the first member has joined. */
  public static Optional<RingConfig> config(StoreReader reader) {
    byte[] bytes = reader.get(Family.META, CONFIG_KEY);
    return Optional.ofNullable(bytes == null ? null : decode(RingConfig.parser(), bytes));
  }

  /** The index of the last membership change; 0 before the first. */
  public static long epoch(StoreReader reader) {
    byte[] bytes = reader.get(Family.META, EPOCH_KEY);
    return bytes == null ? 0 : Keys.toLong(bytes);
  }

  /** The member {@code nodeId}, ACTIVE or LEAVING. */
  public static Optional<MemberRecord> member(StoreReader reader, String nodeId) {
    byte[] bytes = reader.get(Family.MEMBERS, Keys.ofString(nodeId));
    return Optional.ofNullable(bytes == null ? null : decode(MemberRecord.parser(), bytes));
  }

  /** Every member, in node id order. */
  public static List<MemberRecord> members(StoreReader reader) {
    List<MemberRecord> members = new ArrayList<>();
    reader.forEach(Family.MEMBERS, (key, value) -> members.add(decode(MemberRecord.parser(), value)));
    return members;
  }

  private static Map<String, MemberRecord> membersById(StoreReader reader) {
    Map<String, MemberRecord> byId = new TreeMap<>();
    for (MemberRecord member : members(reader)) {
      byId.put(member.getNodeId(), member);
    }
    return byId;
  }

  /** Partition {@code partition}'s record; an unowned one if it has never had an owner. */
  public static PartitionRecord partition(StoreReader reader, int partition) {
    byte[] bytes = reader.get(Family.PARTITIONS, Keys.ofInt(partition));
    return bytes == null ? unowned(partition) : decode(PartitionRecord.parser(), bytes);
  }

  /** Every partition's record, {@code 0..partitions-1}, in order. */
  public static List<PartitionRecord> partitions(StoreReader reader, int partitions) {
    PartitionRecord[] records = new PartitionRecord[partitions];
    reader.forEach(Family.PARTITIONS, (key, value) -> {
      int partition = Keys.toInt(key);
      if (partition >= 0 && partition < partitions) {
        records[partition] = decode(PartitionRecord.parser(), value);
      }
    });
    List<PartitionRecord> list = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      list.add(records[p] == null ? unowned(p) : records[p]);
    }
    return list;
  }

  /** Every partition's record, or none before the first member joined. */
  public static List<PartitionRecord> partitions(StoreReader reader) {
    return config(reader).map(config -> partitions(reader, config.getPartitions())).orElse(List.of());
  }

  private static PartitionRecord unowned(int partition) {
    return PartitionRecord.newBuilder().setPartition(partition).setState(PartitionState.OWNED).build();
  }

  private static <T extends MessageLite> T decode(Parser<T> parser, byte[] bytes) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreException("a ring record in the store does not parse: " + e.getMessage(), e);
    }
  }
}
