package io.warden.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.protocol.client.HelloReply;
import io.warden.protocol.client.LeaderHint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderTrackerTest {
  private final Endpoint a = new Endpoint("a", 1);
  private final Endpoint b = new Endpoint("b", 1);
  private final Endpoint c = new Endpoint("c", 1);
  private final LeaderTracker tracker = new LeaderTracker(List.of(a, b, c));

  @Test
  void withoutALeaderRequestsWalkEveryConfiguredEndpoint() {
    Set<Endpoint> probed = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      Endpoint target = tracker.target();
      probed.add(target);
      tracker.unreachable(target);
    }
    assertThat(probed).containsExactlyInAnyOrder(a, b, c);
  }

  @Test
  void aHelloFromTheLeaderMakesItTheTarget() {
    tracker.observeHello(b, HelloReply.newBuilder().setLeader(true).build());
    assertThat(tracker.target()).isEqualTo(b);
  }

  @Test
  void aFollowersHintIsFollowedEvenToAnUnconfiguredAddress() {
    tracker.observeHello(a, follower("d:9"));
    assertThat(tracker.target()).isEqualTo(new Endpoint("d", 9));
  }

  @Test
  void notLeaderWithAHintRedirectsThere() {
    tracker.observeHello(a, HelloReply.newBuilder().setLeader(true).build());
    tracker.redirected(a, LeaderHint.newBuilder().setId("n3").setClientAddress("c:1").build());
    assertThat(tracker.target()).isEqualTo(c);
  }

  @Test
  void notLeaderWithoutAHintForgetsTheLeaderAndMovesOn() {
    tracker.observeHello(a, HelloReply.newBuilder().setLeader(true).build());
    tracker.redirected(a, LeaderHint.getDefaultInstance());
    assertThat(tracker.leader()).isEmpty();
  }

  @Test
  void anUnreachableLeaderIsForgotten() {
    tracker.observeHello(b, HelloReply.newBuilder().setLeader(true).build());
    tracker.unreachable(b);
    assertThat(tracker.leader()).isEmpty();
  }

  @Test
  void aStaleFollowerHelloDoesNotOverrideAnotherServersWord() {
    tracker.observeHello(b, HelloReply.newBuilder().setLeader(true).build());
    tracker.observeHello(a, follower("c:1")); // a lags behind: b said it leads
    assertThat(tracker.target()).isEqualTo(b);
  }

  @Test
  void anUnusableHintIsIgnored() {
    tracker.observeHello(a, follower("not an address"));
    assertThat(tracker.leader()).isEmpty();
  }

  private static HelloReply follower(String leaderAddress) {
    return HelloReply.newBuilder()
        .setLeader(false)
        .setLeaderHint(LeaderHint.newBuilder().setId("x").setClientAddress(leaderAddress))
        .build();
  }
}
