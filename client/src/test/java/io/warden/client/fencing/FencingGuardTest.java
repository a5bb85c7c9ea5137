package io.warden.client.fencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The guard resource servers embed to reject writes of holders that lost their lock. */
@Timeout(30)
class FencingGuardTest {

  @Test
  void theFirstTokenForAResourceIsAcceptedAndRecorded() {
    FencingGuard guard = new FencingGuard();
    assertThat(guard.highest("orders")).isEmpty();

    guard.accept("orders", 40);

    assertThat(guard.highest("orders")).hasValue(40);
  }

  @Test
  void theCurrentTokenIsAcceptedAgain() {
    FencingGuard guard = new FencingGuard();
    guard.accept("orders", 40);

    guard.accept("orders", 40);

    assertThat(guard.highest("orders")).hasValue(40);
  }

  @Test
  void aHigherTokenIsAcceptedAndReplacesTheHighest() {
    FencingGuard guard = new FencingGuard();
    guard.accept("orders", 40);

    guard.accept("orders", 55);

    assertThat(guard.highest("orders")).hasValue(55);
  }

  @Test
  void aLowerTokenIsFencedOutNamingResourceOfferAndHighest() {
    FencingGuard guard = new FencingGuard();
    guard.accept("orders", 55);

    assertThatThrownBy(() -> guard.accept("orders", 40))
        .isInstanceOfSatisfying(
            FencedOutException.class,
            e -> {
              assertThat(e.resource()).isEqualTo("orders");
              assertThat(e.offeredToken()).isEqualTo(40);
              assertThat(e.highestAccepted()).isEqualTo(55);
            })
        .hasMessageContaining("\"orders\" carries token 40")
        .hasMessageContaining("token 55 has already been accepted")
        .hasMessageContaining("reject the write");
    assertThat(guard.highest("orders")).hasValue(55);
  }

  @Test
  void resourcesAreGuardedIndependently() {
    FencingGuard guard = new FencingGuard();
    guard.accept("orders", 55);

    guard.accept("invoices", 3);

    assertThat(guard.highest("invoices")).hasValue(3);
    assertThat(guard.highest("orders")).hasValue(55);
    assertThat(guard.snapshot()).isEqualTo(Map.of("orders", 55L, "invoices", 3L));
  }

  @Test
  void tokensMustBePositive() {
    FencingGuard guard = new FencingGuard();

    assertThatThrownBy(() -> guard.accept("orders", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> new FencingGuard(Map.of("orders", -1L), (r, t) -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRestartedGuardRemembersTheSavedHighestTokens() {
    FencingGuard guard = new FencingGuard(Map.of("orders", 55L), (resource, token) -> {});

    assertThat(guard.highest("orders")).hasValue(55);
    assertThatThrownBy(() -> guard.accept("orders", 54)).isInstanceOf(FencedOutException.class);
    guard.accept("orders", 55);
  }

  @Test
  void aNewHighestIsSavedBeforeItBecomesVisible() {
    List<String> saved = new ArrayList<>();
    FencingGuard[] guard = new FencingGuard[1];
    guard[0] =
        new FencingGuard(
            Map.of(),
            (resource, token) -> {
              // While saving, the guard still shows the old highest.
              saved.add(resource + "=" + token + " (visible " + guard[0].highest(resource) + ")");
            });

    guard[0].accept("orders", 40);
    guard[0].accept("orders", 40);
    guard[0].accept("orders", 55);

    assertThat(saved)
        .containsExactly(
            "orders=40 (visible " + OptionalLong.empty() + ")",
            "orders=55 (visible " + OptionalLong.of(40) + ")");
  }

  @Test
  void aTokenTheStoreCannotSaveIsNotAccepted() {
    FencingGuard guard =
        new FencingGuard(
            Map.of("orders", 40L),
            (resource, token) -> {
              throw new UncheckedIOException(new IOException("disk full"));
            });

    assertThatThrownBy(() -> guard.accept("orders", 55))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("disk full");
    assertThat(guard.highest("orders")).hasValue(40);
    guard.accept("orders", 40); // the current token needs no saving
  }

  @Test
  void concurrentAcceptsNeverLetTheHighestTokenGoDown() throws Exception {
    int threads = 16;
    int perThread = 20_000;
    List<String> resources = List.of("a", "b", "c");
    Map<String, List<Long>> savedInOrder = new ConcurrentHashMap<>();
    resources.forEach(r -> savedInOrder.put(r, new CopyOnWriteArrayList<>()));
    FencingGuard guard =
        new FencingGuard(Map.of(), (resource, token) -> savedInOrder.get(resource).add(token));
    Map<String, Long> highestOffered = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                Map<String, Long> lastSeen = new java.util.HashMap<>();
                for (int i = 0; i < perThread; i++) {
                  String resource = resources.get(random.nextInt(resources.size()));
                  long token = 1 + random.nextInt(i / 10 + 1, i / 10 + 1000);
                  highestOffered.merge(resource, token, Math::max);
                  long before = guard.highest(resource).orElse(0);
                  try {
                    guard.accept(resource, token);
                    // Accepted: no higher token was accepted before this call started.
                    assertThat(token).isGreaterThanOrEqualTo(before);
                  } catch (FencedOutException e) {
                    assertThat(e.highestAccepted()).isGreaterThan(token);
                  }
                  long after = guard.highest(resource).orElse(0);
                  assertThat(after).isGreaterThanOrEqualTo(Math.max(before, lastSeen
                      .getOrDefault(resource, 0L)));
                  lastSeen.put(resource, after);
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> worker : workers) {
      worker.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    for (String resource : resources) {
      List<Long> saved = savedInOrder.get(resource);
      assertThat(saved).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
      assertThat(guard.highest(resource)).hasValue(highestOffered.get(resource));
      assertThat(saved.get(saved.size() - 1)).isEqualTo(highestOffered.get(resource));
    }
  }
}
