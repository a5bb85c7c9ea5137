package io.warden.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lowest request id that may still reach a server: the mark servers forget answers below. */
class UnansweredIdsTest {
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  @Test
  void theLowestIsTheOldestOpenId() {
    UnansweredIds ids = new UnansweredIds();
    RequestIds requestIds = new RequestIds();
    long first = ids.open(requestIds);
    ids.open(requestIds);

    assertThat(ids.lowest()).isEqualTo(first);
  }

  @Test
  void anAnsweredIdStopsCountingAtOnce() {
    UnansweredIds ids = new UnansweredIds();
    RequestIds requestIds = new RequestIds();
    long first = ids.open(requestIds);
    long second = ids.open(requestIds);

    ids.close(first, true, timer);

    assertThat(ids.lowest()).isEqualTo(second);
  }

  @Test
  void anIdWhoseCallEndedUnansweredCountsUntilTheUnsettledTimeHasPassed() {
    UnansweredIds ids = new UnansweredIds(200);
    RequestIds requestIds = new RequestIds();
    long first = ids.open(requestIds);
    long second = ids.open(requestIds);

    ids.close(first, false, timer);

    assertThat(ids.lowest()).isEqualTo(first);
    await().atMost(Duration.ofSeconds(5)).until(() -> ids.lowest() == second);
  }

  @Test
  void withNothingOpenTheLowestIsZero() {
    UnansweredIds ids = new UnansweredIds();
    long only = ids.open(new RequestIds());

    ids.close(only, true, timer);

    assertThat(ids.lowest()).isZero();
  }

  @Test
  void aMarkReadAfterOpeningNeverPassesAnIdOpenedBeforeIt() throws Exception {
    UnansweredIds ids = new UnansweredIds();
    RequestIds requestIds = new RequestIds();
    ConcurrentSkipListSet<Long> violations = new ConcurrentSkipListSet<>();
    ConcurrentSkipListSet<Long> open = new ConcurrentSkipListSet<>();
    CountDownLatch start = new CountDownLatch(1);
    var pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      pool.submit(() -> {
        start.await();
        for (int i = 0; i < 5_000; i++) {
          long id = ids.open(requestIds);
          open.add(id);
          long mark = ids.lowest();
          Long oldest = open.first();
          if (mark > oldest) {
            violations.add(id);
          }
          open.remove(id);
          ids.close(id, true, timer);
        }
        return null;
      });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    assertThat(violations).as("marks above an id still open").isEmpty();
    assertThat(List.of(ids.lowest())).containsExactly(0L);
  }
}
