package io.warden.client.session;

import static io.warden.client.SessionState.CONNECTED;
import static io.warden.client.SessionState.EXPIRED;
import static io.warden.client.SessionState.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The lease rules of DESIGN §5, driven with explicit monotonic-clock readings. */
class LeaseTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long TTL = 10_000 * MS;
  private static final long MARGIN = 200 * MS; // 2 % of 10 s
  private static final long T0 = 1_000_000 * MS;

  @Nested
  class Margin {
    @Test
    void isTwoPercentOfTheTtl() {
      assertThat(Lease.marginNanos(TTL)).isEqualTo(MARGIN);
      assertThat(Lease.marginNanos(60_000 * MS)).isEqualTo(1_200 * MS);
    }

    @Test
    void neverDropsBelowTenMilliseconds() {
      assertThat(Lease.marginNanos(100 * MS)).isEqualTo(10 * MS);
      assertThat(Lease.marginNanos(500 * MS)).isEqualTo(10 * MS);
      assertThat(Lease.marginNanos(501 * MS)).isGreaterThan(10 * MS);
    }
  }

  @Nested
  class Creation {
    @Test
    void deadlineIsCreateSendTimePlusTtlMinusMargin() {
      Lease lease = new Lease(TTL, T0);
      assertThat(lease.deadlineNanos()).isEqualTo(T0 + TTL - MARGIN);
      assertThat(lease.lastAckedSendNanos()).isEqualTo(T0);
    }

    @Test
    void startsConnectedAndValid() {
      Lease lease = new Lease(TTL, T0);
      assertThat(lease.state()).isEqualTo(CONNECTED);
      assertThat(lease.isValid(T0)).isTrue();
    }

    @Test
    void rejectsNonPositiveTtl() {
      assertThatThrownBy(() -> new Lease(0, T0)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Renewal {
    @Test
    void extendsDeadlineFromTheSendTimeNotTheReceiptTime() {
      Lease lease = new Lease(TTL, T0);
      long sent = T0 + 2_000 * MS;
      lease.renewed(sent, sent + 1_500 * MS);
      assertThat(lease.deadlineNanos()).isEqualTo(sent + TTL - MARGIN);
      assertThat(lease.lastAckedSendNanos()).isEqualTo(sent);
    }

    @Test
    void anOlderAcknowledgementNeverMovesTheDeadlineBack() {
      Lease lease = new Lease(TTL, T0);
      long early = T0 + 1_000 * MS;
      long late = T0 + 2_000 * MS;
      lease.renewed(late, late + MS);
      lease.renewed(early, late + 2 * MS); // acknowledgements can arrive out of order
      assertThat(lease.deadlineNanos()).isEqualTo(late + TTL - MARGIN);
      assertThat(lease.lastAckedSendNanos()).isEqualTo(late);
    }

    @Test
    void bringsASuspendedLeaseBackToConnectedBeforeTheDeadline() {
      Lease lease = new Lease(TTL, T0);
      long now = T0 + 4_000 * MS;
      assertThat(lease.advance(now)).isEqualTo(new StateChange(CONNECTED, SUSPENDED));
      assertThat(lease.renewed(now - 50 * MS, now))
          .isEqualTo(new StateChange(SUSPENDED, CONNECTED));
    }

    @Test
    void anAcknowledgementOfAKeepaliveSentLongAgoLeavesTheLeaseSuspended() {
      Lease lease = new Lease(TTL, T0);
      long now = T0 + 8_000 * MS;
      lease.advance(now);
      // Sent 4 s ago: the deadline moves, but the link is still not answering within ttl/3.
      assertThat(lease.renewed(T0 + 4_000 * MS, now)).isNull();
      assertThat(lease.state()).isEqualTo(SUSPENDED);
      assertThat(lease.deadlineNanos()).isEqualTo(T0 + 4_000 * MS + TTL - MARGIN);
    }

    @Test
    void arrivingAfterTheDeadlineDoesNotReviveTheLease() {
      Lease lease = new Lease(TTL, T0);
      long deadline = lease.deadlineNanos();
      assertThat(lease.renewed(T0 + 100 * MS, deadline + 100 * MS))
          .isEqualTo(new StateChange(CONNECTED, EXPIRED));
      assertThat(lease.renewed(deadline + 50 * MS, deadline + 60 * MS)).isNull();
      assertThat(lease.state()).isEqualTo(EXPIRED);
    }
  }

  @Nested
  class Suspension {
    @Test
    void staysConnectedForExactlyAThirdOfTheTtlWithoutAnAcknowledgement() {
      Lease lease = new Lease(TTL, T0);
      assertThat(lease.advance(T0 + TTL / 3)).isNull();
      assertThat(lease.state()).isEqualTo(CONNECTED);
      assertThat(lease.advance(T0 + TTL / 3 + 1)).isEqualTo(new StateChange(CONNECTED, SUSPENDED));
    }

    @Test
    void isMeasuredFromTheLastAcknowledgedSendTime() {
      Lease lease = new Lease(TTL, T0);
      long sent = T0 + 3_000 * MS;
      lease.renewed(sent, sent + 10 * MS);
      assertThat(lease.advance(sent + TTL / 3)).isNull();
      assertThat(lease.advance(sent + TTL / 3 + 1))
          .isEqualTo(new StateChange(CONNECTED, SUSPENDED));
    }

    @Test
    void aSuspendedLeaseIsStillValid() {
      Lease lease = new Lease(TTL, T0);
      lease.advance(T0 + 5_000 * MS);
      assertThat(lease.state()).isEqualTo(SUSPENDED);
      assertThat(lease.isValid(T0 + 5_000 * MS)).isTrue();
    }

    @Test
    void timePassingAloneNeverReconnects() {
      Lease lease = new Lease(TTL, T0);
      lease.advance(T0 + 4_000 * MS);
      assertThat(lease.advance(T0 + 5_000 * MS)).isNull();
      assertThat(lease.state()).isEqualTo(SUSPENDED);
    }
  }

  @Nested
  class Expiry {
    @Test
    void happensExactlyAtTheDeadline() {
      Lease lease = new Lease(TTL, T0);
      long deadline = lease.deadlineNanos();
      assertThat(lease.isValid(deadline - 1)).isTrue();
      assertThat(lease.isValid(deadline)).isFalse();
      lease.advance(deadline - 1);
      assertThat(lease.advance(deadline)).isEqualTo(new StateChange(SUSPENDED, EXPIRED));
    }

    @Test
    void goesStraightFromConnectedWhenTheDeadlineComesFirst() {
      Lease lease = new Lease(TTL, T0);
      assertThat(lease.advance(lease.deadlineNanos() + 1))
          .isEqualTo(new StateChange(CONNECTED, EXPIRED));
    }

    @Test
    void onServerNoticeEndsTheLeaseFromAnyStateOnce() {
      Lease connected = new Lease(TTL, T0);
      assertThat(connected.expire()).isEqualTo(new StateChange(CONNECTED, EXPIRED));
      assertThat(connected.expire()).isNull();

      Lease suspended = new Lease(TTL, T0);
      suspended.advance(T0 + 4_000 * MS);
      assertThat(suspended.expire()).isEqualTo(new StateChange(SUSPENDED, EXPIRED));
    }

    @Test
    void isTerminal() {
      Lease lease = new Lease(TTL, T0);
      lease.expire();
      assertThat(lease.renewed(T0 + MS, T0 + 2 * MS)).isNull();
      assertThat(lease.advance(T0 + 3 * MS)).isNull();
      assertThat(lease.state()).isEqualTo(EXPIRED);
      assertThat(lease.isValid(T0 + 3 * MS)).isFalse();
    }
  }

  @Nested
  class Schedule {
    @Test
    void keepalivesAreDueEveryFifthOfTheTtlWhileConnected() {
      assertThat(new Lease(TTL, T0).keepAliveIntervalNanos()).isEqualTo(TTL / 5);
    }

    @Test
    void keepalivesAreDueEveryTenthOfTheTtlWhileSuspended() {
      Lease lease = new Lease(TTL, T0);
      lease.advance(T0 + 4_000 * MS);
      assertThat(lease.keepAliveIntervalNanos()).isEqualTo(TTL / 10);
    }

    @Test
    void keepalivesAreNeverDueMoreOftenThanEveryTwentyMilliseconds() {
      Lease lease = new Lease(150 * MS, T0);
      assertThat(lease.keepAliveIntervalNanos()).isEqualTo(30 * MS);
      lease.advance(T0 + 51 * MS);
      assertThat(lease.state()).isEqualTo(SUSPENDED);
      assertThat(lease.keepAliveIntervalNanos()).isEqualTo(20 * MS);
    }

    @Test
    void nextCheckIsTheSuspensionPointWhileConnected() {
      Lease lease = new Lease(TTL, T0);
      long check = lease.nextCheckNanos();
      assertThat(check).isEqualTo(T0 + TTL / 3 + 1);
      assertThat(lease.advance(check - 1)).isNull();
      assertThat(lease.advance(check)).isNotNull();
    }

    @Test
    void nextCheckIsTheDeadlineWhileSuspended() {
      Lease lease = new Lease(TTL, T0);
      lease.advance(T0 + 4_000 * MS);
      assertThat(lease.nextCheckNanos()).isEqualTo(lease.deadlineNanos());
    }

    @Test
    void nextCheckIsTheDeadlineWhenItComesBeforeTheSuspensionPoint() {
      // A 12 ms TTL: the 10 ms margin floor puts the deadline at +2 ms, before suspension at +4 ms.
      Lease lease = new Lease(12 * MS, T0);
      assertThat(lease.nextCheckNanos()).isEqualTo(lease.deadlineNanos()).isEqualTo(T0 + 2 * MS);
    }
  }

  @Test
  void worksAcrossTheWrapOfTheNanosecondClock() {
    long start = Long.MAX_VALUE - TTL / 2; // the deadline lies past the wrap
    Lease lease = new Lease(TTL, start);
    assertThat(lease.deadlineNanos()).isNegative();
    assertThat(lease.isValid(start + TTL / 4)).isTrue();
    assertThat(lease.advance(start + TTL / 4)).isNull();
    long renewedAt = start + TTL / 4; // wraps to a negative reading
    lease.renewed(renewedAt, renewedAt + MS);
    assertThat(lease.deadlineNanos()).isEqualTo(renewedAt + TTL - MARGIN);
    assertThat(lease.isValid(renewedAt + TTL - MARGIN - 1)).isTrue();
    assertThat(lease.advance(renewedAt + TTL - MARGIN))
        .isEqualTo(new StateChange(CONNECTED, EXPIRED));
  }

  /**
   * DESIGN §5's safety argument, checked numerically: whatever the delays and however the two
   * monotonic clocks' rates differ (by less than 1 %), at the real instant the server's deadline
   * passes the client has already stopped trusting the lease.
   */
  @Test
  void clientStopsTrustingBeforeTheServerExpiresForRateDifferencesBelowOnePercent() {
    SplittableRandom random = new SplittableRandom(20_260_101L);
    for (int trial = 0; trial < 100_000; trial++) {
      long ttl = random.nextLong(100 * MS, 120_000 * MS);
      double clientRate = 1 + random.nextDouble(-0.005, 0.005);
      double serverRate = 1 + random.nextDouble(-0.005, 0.005);
      double clientOffset = random.nextDouble(-1e15, 1e15);
      // Real time (ns) of the keepalive's send, and of the server's extension after it arrived
      // and the leader confirmed its leadership.
      double sendReal = random.nextDouble(0, 1e12);
      double extendReal = sendReal + random.nextDouble(0, 2e9);
      double serverExpiryReal = extendReal + ttl / serverRate;

      long create = (long) (clientOffset + sendReal * clientRate);
      Lease lease = new Lease(ttl, create);
      long clientReadingAtServerExpiry = (long) (clientOffset + serverExpiryReal * clientRate);
      assertThat(lease.isValid(clientReadingAtServerExpiry))
          .as(
              "trial %d: ttl=%d ns, client rate %.5f, server rate %.5f",
              trial, ttl, clientRate, serverRate)
          .isFalse();
    }
  }

  @Test
  void withoutTheMarginASlowClientClockWouldOutliveTheServer() {
    // The counterexample the margin exists for: a client clock 1 % slow, a server that extends the
    // instant the keepalive is sent. Measured on the client's clock, the server's expiry comes
    // after ttl × 0.99, which a margin-free deadline (send + ttl) would still trust.
    long ttl = TTL;
    long serverExpiryOnClientClock = T0 + (long) (ttl * 0.99);
    assertThat(serverExpiryOnClientClock - (T0 + ttl)).isNegative();
    assertThat(new Lease(ttl, T0).isValid(serverExpiryOnClientClock)).isFalse();
  }
}
