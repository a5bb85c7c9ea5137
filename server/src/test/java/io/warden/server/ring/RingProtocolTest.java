package io.warden.server.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.DescribePartitionRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.GetRingRequest;
import io.warden.protocol.client.JoinRequest;
import io.warden.protocol.client.LeaveRequest;
import io.warden.protocol.client.PartitionInfo;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.RingChanged;
import io.warden.protocol.client.RingReply;
import io.warden.protocol.client.ServerMessage;
import io.warden.protocol.client.WatchRingRequest;
import io.warden.protocol.command.PartitionState;
import io.warden.server.WardenServer;
import io.warden.server.config.ConfigException;
import io.warden.server.config.RingSettings;
import io.warden.server.testing.LocalCluster;
import io.warden.server.testing.RawClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ring membership and overlap-free handoff on the wire, against a real three-server cluster (DESIGN §7). */
class RingProtocolTest {
  private static final int P = 128;
  private static final long LONG_TTL = 60_000;

  @TempDir Path dir;
  LocalCluster cluster;
  final OwnershipLog log = new OwnershipLog();
  final List<WireMember> members = new ArrayList<>();

  LocalCluster start() {
    cluster = LocalCluster.start(dir, 3, config -> config.withRing(new RingSettings(P, 0.1, 3)));
    return cluster;
  }

  @AfterEach
  void stop() {
    members.forEach(WireMember::close);
    if (cluster != null) {
      cluster.close();
    }
  }

  WireMember join(String nodeId, long ttlMillis) {
    WireMember member = WireMember.join(cluster.awaitLeader().clientAddress(), nodeId, "zone-" + nodeId, 1, ttlMillis, log);
    members.add(member);
    return member;
  }

  RingReply ring() {
    try (RawClient admin = RawClient.connect(cluster.awaitLeader().clientAddress())) {
      Response response = admin.call(ClientMessage.newBuilder().setGetRing(GetRingRequest.getDefaultInstance()));
      assertThat(response.hasGetRing()).as(response.toString()).isTrue();
      return response.getGetRing();
    }
  }

  /** Partition → owner, once every partition is OWNED by one of {@code expected} and each member serves what it owns. */
  Map<Integer, String> awaitSettled(List<WireMember> expected) {
    Map<Integer, String>[] owners = new Map[1];
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      RingReply ring = ring();
      Map<Integer, String> byPartition = new TreeMap<>();
      for (PartitionInfo info : ring.getAssignmentsList()) {
        assertThat(info.getState()).isEqualTo(PartitionState.OWNED);
        byPartition.put(info.getPartition(), info.getOwner());
      }
      assertThat(byPartition).hasSize(P);
      assertThat(byPartition.values()).containsOnly(expected.stream().map(WireMember::nodeId).toArray(String[]::new));
      for (WireMember member : expected) {
        Map<Integer, Long> believed = member.owned();
        for (PartitionInfo info : ring.getAssignmentsList()) {
          if (info.getOwner().equals(member.nodeId())) {
            assertThat(believed).containsEntry(info.getPartition(), info.getToken());
          }
        }
        assertThat(believed).hasSize((int) byPartition.values().stream().filter(member.nodeId()::equals).count());
      }
      owners[0] = byPartition;
    });
    return owners[0];
  }

  static int moved(Map<Integer, String> before, Map<Integer, String> after) {
    int moved = 0;
    for (Map.Entry<Integer, String> entry : before.entrySet()) {
      if (!entry.getValue().equals(after.get(entry.getKey()))) {
        moved++;
      }
    }
    return moved;
  }

  static void assertLoadBound(Map<Integer, String> owners, int memberCount) {
    int bound = (int) Math.ceil(1.1 * P / memberCount);
    Map<String, Integer> counts = new TreeMap<>();
    owners.values().forEach(owner -> counts.merge(owner, 1, Integer::sum));
    assertThat(counts).hasSize(memberCount);
    assertThat(counts.values()).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(bound));
  }

  @Test
  void aRepeatedJoinResendsTheGrantsTheNodeMayHaveMissed() {
    start();
    try (RawClient node = RawClient.connect(cluster.awaitLeader().clientAddress())) {
      long session = node.call(ClientMessage.newBuilder().setCreateSession(CreateSessionRequest.newBuilder()
          .setTtlMillis(LONG_TTL).setOwner("a"))).getCreateSession().getSessionId();
      ClientMessage.Builder join = ClientMessage.newBuilder().setJoin(JoinRequest.newBuilder()
          .setNodeId("a").setAddress("a:1").setZone("z").setWeight(1).setSessionId(session));
      assertThat(node.call(join.clone()).hasJoin()).isTrue();
      assertThat(acquiredPartitions(node)).hasSize(P);

      // The node lost those events (say its Join timed out on its side although it was applied)
      // and joins again on the same connection: nothing changes, and the grants come again.
      assertThat(node.call(join.clone()).hasJoin()).isTrue();
      assertThat(acquiredPartitions(node)).hasSize(P);
    }
  }

  /** Reads pushed events until P distinct partitions were announced as acquired. */
  private static Set<Integer> acquiredPartitions(RawClient node) {
    Set<Integer> partitions = new TreeSet<>();
    while (partitions.size() < P) {
      ServerMessage event = node.nextEvent();
      if (event.getEvent().hasPartitionAcquired()) {
        partitions.add(event.getEvent().getPartitionAcquired().getPartition());
      }
    }
    return partitions;
  }

  @Test
  void threeToFourToThreeMembersKeepsTheLoadBoundAndMovesNearTheMinimum() {
    start();
    WireMember a = join("a", LONG_TTL);
    WireMember b = join("b", LONG_TTL);
    WireMember c = join("c", LONG_TTL);
    Map<Integer, String> three = awaitSettled(List.of(a, b, c));
    assertLoadBound(three, 3);

    WireMember d = join("d", LONG_TTL);
    Map<Integer, String> four = awaitSettled(List.of(a, b, c, d));
    assertLoadBound(four, 4);
    assertThat(moved(three, four)).isLessThanOrEqualTo((int) (1.1 * P / 4));

    int ofD = (int) four.values().stream().filter("d"::equals).count();
    try (RawClient admin = RawClient.connect(cluster.awaitLeader().clientAddress())) {
      Response left = admin.call(ClientMessage.newBuilder().setLeave(LeaveRequest.newBuilder()
          .setNodeId("d").setSessionId(d.sessionId())));
      assertThat(left.getLeave().getReleasingCount()).isEqualTo(ofD);
    }
    Map<Integer, String> threeAgain = awaitSettled(List.of(a, b, c));
    assertLoadBound(threeAgain, 3);
    assertThat(moved(four, threeAgain)).isLessThanOrEqualTo((int) (1.1 * ofD));
    assertThat(ring().getMembersList()).extracting(m -> m.getNodeId()).containsExactly("a", "b", "c");
    log.assertNoOverlapAndIncreasingTokens();
  }

  @Test
  void aKilledMemberLosesItsPartitionsOnlyAfterItsSessionExpires() {
    start();
    long ttl = 2_000;
    WireMember a = join("a", LONG_TTL);
    WireMember b = join("b", LONG_TTL);
    WireMember c = join("c", ttl);
    awaitSettled(List.of(a, b, c));
    int ofC = c.owned().size();

    long killed = System.nanoTime();
    c.kill();
    RingReply justAfter = ring();
    long checkedAt = System.nanoTime();
    if (checkedAt - killed < ttl * 1_000_000 / 2) {
      assertThat(justAfter.getAssignmentsList().stream().filter(p -> p.getOwner().equals("c"))).hasSize(ofC);
    }

    awaitSettled(List.of(a, b));
    assertThat(System.nanoTime() - killed).isGreaterThanOrEqualTo(ttl * 1_000_000 * 2 / 3);
    log.assertNoOverlapAndIncreasingTokens();
  }

  @Test
  void partitionsInHandoffStayWithTheirOwnerUntilItReleases() {
    start();
    // The owner joins through a raw connection that never answers release requests.
    try (RawClient owner = RawClient.connect(cluster.awaitLeader().clientAddress())) {
      long session = owner.call(ClientMessage.newBuilder().setCreateSession(
          io.warden.protocol.client.CreateSessionRequest.newBuilder().setTtlMillis(LONG_TTL).setOwner("slow")))
          .getCreateSession().getSessionId();
      owner.call(ClientMessage.newBuilder().setJoin(io.warden.protocol.client.JoinRequest.newBuilder()
          .setNodeId("slow").setZone("z").setWeight(1).setSessionId(session)));
      WireMember b = join("b", LONG_TTL);
      await().atMost(Duration.ofSeconds(30)).until(() -> ring().getAssignmentsList().stream()
          .filter(p -> p.getState() == PartitionState.HANDOFF).count() > 0);
      RingReply during = ring();
      for (PartitionInfo info : during.getAssignmentsList()) {
        assertThat(info.getOwner()).isEqualTo("slow");
      }
      assertThat(b.owned()).isEmpty();

      // It releases one: only that one moves, with a higher token.
      PartitionInfo first = during.getAssignmentsList().stream()
          .filter(p -> p.getState() == PartitionState.HANDOFF).findFirst().orElseThrow();
      Response released = owner.call(ClientMessage.newBuilder().setReleasePartition(
          io.warden.protocol.client.ReleasePartitionRequest.newBuilder()
              .setPartition(first.getPartition()).setToken(first.getToken()).setSessionId(session)));
      assertThat(released.hasReleasePartition()).as(released.toString()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> b.owned().containsKey(first.getPartition()));
      assertThat(b.owned().get(first.getPartition())).isGreaterThan(first.getToken());
      assertThat(b.owned()).hasSize(1);

      Response stale = owner.call(ClientMessage.newBuilder().setReleasePartition(
          io.warden.protocol.client.ReleasePartitionRequest.newBuilder()
              .setPartition(first.getPartition()).setToken(first.getToken()).setSessionId(session)));
      assertThat(stale.getError().getCode()).isEqualTo(ErrorCode.STALE_TOKEN);
    }
  }

  @Test
  void aLeaderChangeInTheMiddleOfAHandoffLosesAndDoublesNothing() {
    start();
    WireMember a = join("a", LONG_TTL);
    WireMember b = join("b", LONG_TTL);
    WireMember c = join("c", LONG_TTL);
    awaitSettled(List.of(a, b, c));

    WardenServer oldLeader = cluster.awaitLeader();
    WireMember d = join("d", LONG_TTL);
    cluster.stopServer(oldLeader.id());
    WardenServer newLeader = cluster.awaitLeader();
    for (WireMember member : List.of(a, b, c, d)) {
      member.reconnect(newLeader.clientAddress());
    }

    Map<Integer, String> four = awaitSettled(List.of(a, b, c, d));
    assertLoadBound(four, 4);
    log.assertNoOverlapAndIncreasingTokens();
  }

  @Test
  void aWatcherGetsTheWholeTableThenEachChange() {
    start();
    WireMember a = join("a", LONG_TTL);
    awaitSettled(List.of(a));
    try (RawClient watcher = RawClient.connect(cluster.awaitLeader().clientAddress())) {
      Response watching = watcher.call(ClientMessage.newBuilder().setWatchRing(WatchRingRequest.getDefaultInstance()));
      assertThat(watching.getWatchRing().getPartitions()).isEqualTo(P);
      ServerMessage first = watcher.nextEvent();
      RingChanged table = first.getEvent().getRingChanged();
      assertThat(table.getFull()).isTrue();
      assertThat(table.getChangedList()).hasSize(P).allSatisfy(p -> assertThat(p.getOwner()).isEqualTo("a"));

      join("b", LONG_TTL);
      ServerMessage next = watcher.nextEvent();
      assertThat(next.getEvent().getIndex()).isGreaterThan(first.getEvent().getIndex());
      assertThat(next.getEvent().getRingChanged().getFull()).isFalse();
      assertThat(next.getEvent().getRingChanged().getEpoch()).isEqualTo(next.getEvent().getIndex());
      // Every partition gains b as a replica; those placed on b wait in HANDOFF for a's release.
      assertThat(next.getEvent().getRingChanged().getChangedList())
          .allSatisfy(p -> assertThat(p.getOwner()).isEqualTo("a"))
          .allSatisfy(p -> assertThat(p.getReplicasList()).contains("a", "b"))
          .anySatisfy(p -> assertThat(p.getHandoffTo()).isEqualTo("b"))
          .allSatisfy(p -> assertThat(p.getState() == PartitionState.HANDOFF).isEqualTo(p.getHandoffTo().equals("b")));
    }
  }

  @Test
  void describePartitionAnswersTheOwnerFromTheLeader() {
    start();
    WireMember a = join("a", LONG_TTL);
    awaitSettled(List.of(a));
    try (RawClient client = RawClient.connect(cluster.awaitLeader().clientAddress())) {
      Response response = client.call(ClientMessage.newBuilder().setDescribePartition(
          DescribePartitionRequest.newBuilder().setPartition(7)));
      assertThat(response.getDescribePartition().getPartition().getOwner()).isEqualTo("a");
      assertThat(response.getDescribePartition().getPartitions()).isEqualTo(P);
      Response outside = client.call(ClientMessage.newBuilder().setDescribePartition(
          DescribePartitionRequest.newBuilder().setPartition(P)));
      assertThat(outside.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
  }

  @Test
  void aServerConfiguredWithAnotherPartitionCountRefusesToStart() {
    start();
    join("a", LONG_TTL);
    awaitSettled(List.of(members.get(0)));
    String id = cluster.followers().get(0).id();
    cluster.stopServer(id);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> WardenServer.start(cluster.config(id).withRing(new RingSettings(P * 2, 0.1, 3))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("warden.ring.partitions=" + (P * 2))
        .hasMessageContaining("created with " + P);
  }
}
