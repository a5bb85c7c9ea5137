package io.warden.statemachine.ring;

import static io.warden.statemachine.testing.Commands.createSession;
import static io.warden.statemachine.testing.Commands.expireSession;
import static io.warden.statemachine.testing.Commands.join;
import static io.warden.statemachine.testing.Commands.leave;
import static io.warden.statemachine.testing.Commands.releasePartition;
import static io.warden.statemachine.testing.Commands.ring;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.MemberState;
import io.warden.protocol.command.PartitionRecord;
import io.warden.protocol.command.PartitionState;
import io.warden.protocol.command.RingConfig;
import io.warden.statemachine.apply.Applied;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.apply.ApplyEvent.PartitionAcquired;
import io.warden.statemachine.apply.ApplyEvent.PartitionReleaseRequested;
import io.warden.statemachine.testing.Replica;
import io.warden.statemachine.testing.ReplicaTest;
import io.warden.statemachine.testing.StoreContents;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Join, leave, release and session expiry as the state machine applies them (DESIGN §7). */
class RingTableTest extends ReplicaTest {
  private static final RingConfig RING = ring(64, 0.1, 3);

  @Test
  void firstMemberGetsEveryPartitionAtOnceWithTheJoinIndexAsToken() {
    long session = session();
    Applied applied = replica.applyNext(join("n1", "z1", 1, session, RING));
    long index = replica.store().applied().index();

    assertThat(applied.result().getJoin().getEpoch()).isEqualTo(index);
    assertThat(applied.result().getJoin().getPartitions()).isEqualTo(64);
    assertThat(RingTable.epoch(replica.store())).isEqualTo(index);
    assertThat(RingTable.partitions(replica.store())).hasSize(64).allSatisfy(record -> {
      assertThat(record.getOwner()).isEqualTo("n1");
      assertThat(record.getToken()).isEqualTo(index);
      assertThat(record.getState()).isEqualTo(PartitionState.OWNED);
    });
    assertThat(applied.events()).filteredOn(e -> e instanceof PartitionAcquired).hasSize(64)
        .allSatisfy(e -> assertThat(((PartitionAcquired) e).sessionId()).isEqualTo(session));
  }

  @Test
  void theFirstJoinFixesTheRingParametersForEveryLaterEntry() {
    replica.applyNext(join("n1", "z1", 1, session(), RING));
    replica.applyNext(join("n2", "z1", 1, session(), ring(1024, 0.5, 1)));

    assertThat(RingTable.config(replica.store())).contains(RING);
    assertThat(RingTable.partitions(replica.store())).hasSize(64);
  }

  @Test
  void joinUnderAnUnknownSessionIsRefused() {
    Applied applied = replica.applyNext(join("n1", "z1", 1, 99, RING));

    assertThat(applied.result().getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
    assertThat(RingTable.members(replica.store())).isEmpty();
  }

  @Test
  void joinWithAWeightOutsideOneToHundredIsRefused() {
    Applied applied = replica.applyNext(join("n1", "z1", 101, session(), RING));

    assertThat(applied.result().getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aNodeIdHeldByAnotherLiveSessionIsRefused() {
    replica.applyNext(join("n1", "z1", 1, session(), RING));
    Applied applied = replica.applyNext(join("n1", "z1", 1, session(), RING));

    assertThat(applied.result().getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(applied.result().getError().getMessage()).contains("n1");
  }

  @Test
  void aRepeatedJoinChangesNothing() {
    long session = session();
    replica.applyNext(join("n1", "z1", 1, session, RING));
    long epoch = RingTable.epoch(replica.store());
    List<String> before = StoreContents.state(replica.store());

    Applied again = replica.applyNext(join("n1", "z1", 1, session, RING));

    assertThat(again.result().getJoin().getEpoch()).isEqualTo(epoch);
    assertThat(again.events()).isEmpty();
    assertThat(StoreContents.state(replica.store())).isEqualTo(before);
  }

  @Test
  void aRebalanceLeavesMovedPartitionsWithTheirLiveOwnerInHandoff() {
    long s1 = session();
    replica.applyNext(join("n1", "z1", 1, s1, RING));
    long firstToken = replica.store().applied().index();
    Applied second = replica.applyNext(join("n2", "z2", 1, session(), RING));

    List<PartitionRecord> handoff = RingTable.partitions(replica.store()).stream()
        .filter(r -> r.getState() == PartitionState.HANDOFF).toList();
    assertThat(handoff).hasSize(32).allSatisfy(record -> {
      assertThat(record.getOwner()).isEqualTo("n1");
      assertThat(record.getToken()).isEqualTo(firstToken);
      assertThat(record.getTargetReplicas(0)).isEqualTo("n2");
    });
    assertThat(second.events()).noneMatch(e -> e instanceof PartitionAcquired);
    assertThat(second.events()).filteredOn(e -> e instanceof PartitionReleaseRequested).hasSize(32)
        .allSatisfy(e -> assertThat(((PartitionReleaseRequested) e).sessionId()).isEqualTo(s1));
  }

  @Test
  void aReleaseGivesThePartitionToItsTargetWithAHigherToken() {
    long s1 = session();
    replica.applyNext(join("n1", "z1", 1, s1, RING));
    long s2 = session();
    replica.applyNext(join("n2", "z2", 1, s2, RING));
    PartitionRecord moving = firstInHandoff();

    Applied released = replica.applyNext(releasePartition(moving.getPartition(), moving.getToken(), s1));
    long index = replica.store().applied().index();

    PartitionRecord after = RingTable.partition(replica.store(), moving.getPartition());
    assertThat(after.getOwner()).isEqualTo("n2");
    assertThat(after.getToken()).isEqualTo(index).isGreaterThan(moving.getToken());
    assertThat(after.getState()).isEqualTo(PartitionState.OWNED);
    assertThat(released.events()).containsOnlyOnce(
        new PartitionAcquired(index, "n2", s2, moving.getPartition(), index, RingTable.epoch(replica.store())));
  }

  @Test
  void aReleaseWithAStaleTokenChangesNothing() {
    long s1 = session();
    replica.applyNext(join("n1", "z1", 1, s1, RING));
    replica.applyNext(join("n2", "z2", 1, session(), RING));
    PartitionRecord moving = firstInHandoff();
    List<String> before = StoreContents.state(replica.store());

    Applied stale = replica.applyNext(releasePartition(moving.getPartition(), moving.getToken() - 1, s1));
    Applied wrongSession = replica.applyNext(releasePartition(moving.getPartition(), moving.getToken(), s1 + 1000));

    assertThat(stale.result().getError().getCode()).isEqualTo(ErrorCode.STALE_TOKEN);
    assertThat(wrongSession.result().getError().getCode()).isEqualTo(ErrorCode.STALE_TOKEN);
    assertThat(StoreContents.state(replica.store())).isEqualTo(before);
  }

  @Test
  void anExpiredOwnersPartitionsGoToTheirTargetsAtOnce() {
    replica.applyNext(join("n1", "z1", 1, session(), RING));
    long s2 = session();
    replica.applyNext(join("n2", "z2", 1, s2, RING));
    releaseEverythingRequested(List.of());
    List<Integer> ofN2 = ownedBy("n2");
    assertThat(ofN2).isNotEmpty();

    Applied expired = replica.applyNext(expireSession(s2));
    long index = replica.store().applied().index();

    assertThat(RingTable.members(replica.store())).extracting(m -> m.getNodeId()).containsExactly("n1");
    for (int p : ofN2) {
      PartitionRecord record = RingTable.partition(replica.store(), p);
      assertThat(record.getOwner()).isEqualTo("n1");
      assertThat(record.getToken()).isEqualTo(index);
      assertThat(record.getState()).isEqualTo(PartitionState.OWNED);
    }
    assertThat(RingTable.epoch(replica.store())).isEqualTo(index);
    assertThat(expired.events()).filteredOn(e -> e instanceof PartitionAcquired).hasSize(ofN2.size());
  }

  @Test
  void aLiveOwnerKeepsItsPartitionsUntilItReleasesThem() {
    long s1 = session();
    replica.applyNext(join("n1", "z1", 1, s1, RING));
    replica.applyNext(join("n2", "z2", 1, session(), RING));
    for (int i = 0; i < 20; i++) {
      replica.applyNext(io.warden.statemachine.testing.Commands.marker());
    }

    assertThat(ownedBy("n1")).hasSize(64);
  }

  @Test
  void aLeavingMemberHandsEverythingOffAndIsGoneAfterItsLastRelease() {
    long s1 = session();
    replica.applyNext(join("n1", "z1", 1, s1, RING));
    long s2 = session();
    replica.applyNext(join("n2", "z2", 1, s2, RING));
    releaseEverythingRequested(List.of());
    int ownedByN2 = ownedBy("n2").size();

    Applied left = replica.applyNext(leave("n2", s2));

    assertThat(left.result().getLeave().getReleasingList()).hasSize(ownedByN2);
    assertThat(RingTable.member(replica.store(), "n2")).hasValueSatisfying(
        m -> assertThat(m.getState()).isEqualTo(MemberState.LEAVING));
    assertThat(ownedBy("n2")).hasSize(ownedByN2);

    releaseEverythingRequested(left.events());

    assertThat(RingTable.member(replica.store(), "n2")).isEmpty();
    assertThat(ownedBy("n1")).hasSize(64);
  }

  @Test
  void aHandoffCalledOffTellsTheOwnerItKeepsThePartition() {
    long s1 = session();
    replica.applyNext(join("n1", "z1", 1, s1, RING));
    long s2 = session();
    replica.applyNext(join("n2", "z2", 1, s2, RING));
    PartitionRecord moving = firstInHandoff();

    Applied left = replica.applyNext(leave("n2", s2));

    PartitionRecord after = RingTable.partition(replica.store(), moving.getPartition());
    assertThat(after.getOwner()).isEqualTo("n1");
    assertThat(after.getToken()).isEqualTo(moving.getToken());
    assertThat(after.getState()).isEqualTo(PartitionState.OWNED);
    assertThat(left.events()).anyMatch(e -> e instanceof PartitionAcquired a
        && a.partition() == moving.getPartition() && a.token() == moving.getToken() && a.sessionId() == s1);
    assertThat(RingTable.member(replica.store(), "n2")).isEmpty();
  }

  @Test
  void threeToFourToThreeKeepsTheLoadBoundAndMovesAtMostElevenTenthsOfTheMinimum() {
    RingConfig big = ring(1024, 0.1, 3);
    Map<String, Long> sessions = new TreeMap<>();
    for (String id : List.of("n1", "n2", "n3")) {
      sessions.put(id, session());
      releaseEverythingRequested(replica.applyNext(join(id, "z-" + id, 1, sessions.get(id), big)).events());
    }
    Map<Integer, String> three = owners();
    assertLoadBound(big, 3);

    sessions.put("n4", session());
    releaseEverythingRequested(replica.applyNext(join("n4", "z-n4", 1, sessions.get("n4"), big)).events());
    Map<Integer, String> four = owners();
    assertLoadBound(big, 4);
    assertThat(moved(three, four)).isLessThanOrEqualTo((int) Math.floor(1.1 * 1024 / 4));

    int ofN4 = ownedBy("n4").size();
    releaseEverythingRequested(replica.applyNext(leave("n4", sessions.get("n4"))).events());
    Map<Integer, String> threeAgain = owners();
    assertLoadBound(big, 3);
    assertThat(moved(four, threeAgain)).isLessThanOrEqualTo((int) Math.floor(1.1 * ofN4));
  }

  @Test
  void inARandomHistoryTokensPerPartitionStrictlyIncreaseAndNoPartitionHasTwoOwners() {
    Random random = new Random(4);
    Map<String, Long> live = new TreeMap<>();
    Map<Integer, Long> lastToken = new HashMap<>();
    Map<Integer, String> believedOwner = new HashMap<>();  // node#token the data nodes themselves believe
    Deque<PartitionReleaseRequested> pending = new ArrayDeque<>();
    int nextId = 0;
    for (int step = 0; step < 300; step++) {
      int action = random.nextInt(10);
      List<ApplyEvent> events = new ArrayList<>();
      if (action < 3 || live.isEmpty()) {
        String id = "n" + nextId++;
        long session = session();
        live.put(id, session);
        events.addAll(replica.applyNext(join(id, "z" + random.nextInt(3), 1 + random.nextInt(3), session, RING)).events());
      } else if (action < 4) {
        String id = new ArrayList<>(live.keySet()).get(random.nextInt(live.size()));
        events.addAll(replica.applyNext(expireSession(live.remove(id))).events());
        believedOwner.values().removeIf(owner -> owner.startsWith(id + "#"));  // a dead node believes nothing
        pending.removeIf(r -> r.nodeId().equals(id));
      } else if (action < 5) {
        String id = new ArrayList<>(live.keySet()).get(random.nextInt(live.size()));
        events.addAll(replica.applyNext(leave(id, live.get(id))).events());
      } else if (!pending.isEmpty()) {
        PartitionReleaseRequested request = pending.poll();
        // The node stops serving, then releases; a request for a grant it no longer has is stale.
        if (believedOwner.remove(request.partition(), request.nodeId() + "#" + request.token())) {
            events.addAll(replica.applyNext(releasePartition(request.partition(), request.token(),
              request.sessionId())).events());
        }
      }
      for (ApplyEvent event : events) {
        if (event instanceof PartitionAcquired acquired) {
          String current = believedOwner.get(acquired.partition());
          if ((acquired.nodeId() + "#" + acquired.token()).equals(current)) {
            continue;  // a handoff called off: same owner, same token
          }
          assertThat(current).as("partition %d acquired by %s while %s serves it", acquired.partition(),
              acquired.nodeId(), current).isNull();
          assertThat(acquired.token()).isGreaterThan(lastToken.getOrDefault(acquired.partition(), 0L));
          lastToken.put(acquired.partition(), acquired.token());
          believedOwner.put(acquired.partition(), acquired.nodeId() + "#" + acquired.token());
        } else if (event instanceof PartitionReleaseRequested request) {
          pending.add(request);
        }
      }
      // Left members that released everything are gone; the rest are still members.
      live.keySet().removeIf(id -> RingTable.member(replica.store(), id).isEmpty());
    }
    assertThat(lastToken).isNotEmpty();
  }

  @Test
  void twoReplicasApplyingTheSameRingLogReachTheSameBytes() {
    List<Command> log = new ArrayList<>();
    log.add(createSession(5_000, "a"));
    log.add(createSession(5_000, "b"));
    log.add(createSession(5_000, "c"));
    log.add(join("n1", "z1", 2, 1, RING));
    log.add(join("n2", "z2", 1, 2, RING));
    log.add(join("n3", "z1", 3, 3, RING));
    log.add(releasePartition(0, 4, 1));
    log.add(leave("n2", 2));
    log.add(expireSession(3));
    try (Replica first = Replica.open(dir.resolve("first"));
         Replica second = Replica.open(dir.resolve("second"))) {
      List<Applied> a = new ArrayList<>();
      List<Applied> b = new ArrayList<>();
      for (Command command : log) {
        a.add(first.applyNext(command));
        b.add(second.applyNext(command));
      }
      assertThat(a).isEqualTo(b);
      assertThat(StoreContents.all(first.store())).isEqualTo(StoreContents.all(second.store()))
          .anyMatch(line -> line.startsWith("partitions "));
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  private long session() {
    CommandResult result = replica.applyNext(createSession(5_000, "node")).result();
    return result.getCreateSession().getSessionId();
  }

  /** Acts as data nodes that release at once whatever they are asked to, until nothing is asked. */
  private void releaseEverythingRequested(List<ApplyEvent> events) {
    Deque<ApplyEvent> queue = new ArrayDeque<>(events);
    for (PartitionRecord record : RingTable.partitions(replica.store())) {
      if (record.getState() == PartitionState.HANDOFF) {
        queue.add(new PartitionReleaseRequested(0, record.getOwner(), memberSession(record.getOwner()),
            record.getPartition(), record.getToken(), 0));
      }
    }
    while (!queue.isEmpty()) {
      if (queue.poll() instanceof PartitionReleaseRequested request) {
        PartitionRecord now = RingTable.partition(replica.store(), request.partition());
        if (now.getToken() == request.token() && now.getState() == PartitionState.HANDOFF) {
          queue.addAll(replica.applyNext(releasePartition(request.partition(), request.token(), request.sessionId()))
              .events());
        }
      }
    }
  }

  private long memberSession(String nodeId) {
    return RingTable.member(replica.store(), nodeId).orElseThrow().getSessionId();
  }

  private PartitionRecord firstInHandoff() {
    return RingTable.partitions(replica.store()).stream()
        .filter(r -> r.getState() == PartitionState.HANDOFF).findFirst().orElseThrow();
  }

  private List<Integer> ownedBy(String nodeId) {
    return RingTable.partitions(replica.store()).stream().filter(r -> r.getOwner().equals(nodeId))
        .map(PartitionRecord::getPartition).toList();
  }

  private Map<Integer, String> owners() {
    Map<Integer, String> owners = new TreeMap<>();
    for (PartitionRecord record : RingTable.partitions(replica.store())) {
      assertThat(record.getState()).isEqualTo(PartitionState.OWNED);
      owners.put(record.getPartition(), record.getOwner());
    }
    return owners;
  }

  private static int moved(Map<Integer, String> before, Map<Integer, String> after) {
    int moved = 0;
    for (Map.Entry<Integer, String> entry : before.entrySet()) {
      if (!entry.getValue().equals(after.get(entry.getKey()))) {
        moved++;
      }
    }
    return moved;
  }

  private void assertLoadBound(RingConfig config, int members) {
    int bound = (int) Math.ceil((1 + config.getEpsilon()) * config.getPartitions() / members);
    Map<String, Integer> counts = new TreeMap<>();
    RingTable.partitions(replica.store()).forEach(r -> counts.merge(r.getOwner(), 1, Integer::sum));
    assertThat(counts).hasSize(members);
    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(bound));
  }
}
