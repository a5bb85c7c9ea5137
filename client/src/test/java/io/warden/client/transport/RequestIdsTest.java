package io.warden.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void idsStartAtOneAndOnlyGrow() {
    RequestIds ids = new RequestIds();
    assertThat(ids.next()).isEqualTo(1);
    assertThat(ids.next()).isEqualTo(2);
    assertThat(ids.next()).isEqualTo(3);
  }

  @Test
  void noIdIsHandedOutTwiceAcrossThreads() throws Exception {
    RequestIds ids = new RequestIds();
    int threads = 8;
    int perThread = 20_000;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Callable<List<Long>> draw =
            () -> {
              start.await();
              List<Long> drawn = new ArrayList<>(perThread);
              for (int i = 0; i < perThread; i++) {
                drawn.add(ids.next());
              }
              return drawn;
            };
        results.add(pool.submit(draw));
      }
      start.countDown();
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> result : results) {
        all.addAll(result.get());
      }
      assertThat(all).hasSize(threads * perThread);
      assertThat(all).allMatch(id -> id >= 1 && id <= (long) threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }
}
