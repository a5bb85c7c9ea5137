package io.warden.chaos.nemesis;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * Draws faults from a seed, one after the other, never two at once: each is preceded by a quiet
 * time of 3–7 s, in which the cluster recovers and the recovery is measured.
 *
 * <ul>
 *   <li>partition (3–10 s): {@code majority-minority} (a random server alone), {@code
 *       leader-isolated}, {@code bridge} (two servers cannot reach each other, the third reaches
 *       both), {@code one-way-in} / {@code one-way-out} (a server hears nobody / nobody hears it;
 *       the leader every other time), {@code client-isolated} (a client holding a lock cut off from
 *       every server for longer than its TTL). Clients are spread over the sides at random.
 *   <li>kill: the leader or any server, restarted after 1–6 s.
 *   <li>pause: the leader or any server for 2–8 s; a client holding a lock for its TTL plus
 *       0.5–4 s.
 * </ul>
 */
public final class FaultSchedule {
  private static final List<String> PARTITIONS = List.of("majority-minority", "leader-isolated",
      "bridge", "one-way-in", "one-way-out", "client-isolated");
  private static final List<String> KILLS = List.of("leader", "any");
  private static final List<String> PAUSES = List.of("server-leader", "server-any",
      "client-holding", "client-holding");

  private final Random random;
  private final List<FaultKind> kinds;
  private final long ttlMillis;

  public FaultSchedule(long seed, List<FaultKind> kinds, Duration ttl) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("no fault kinds to schedule");
    }
    this.random = new Random(seed);
    this.kinds = List.copyOf(kinds);
    this.ttlMillis = ttl.toMillis();
  }

  public PlannedFault next() {
    FaultKind kind = kinds.get(random.nextInt(kinds.size()));
    long quiet = 3_000 + random.nextInt(4_000);
    String variant;
    long duration;
    switch (kind) {
      case PARTITION -> {
        variant = PARTITIONS.get(random.nextInt(PARTITIONS.size()));
        duration = variant.equals("client-isolated")
            ? ttlMillis + 1_000 + random.nextInt(3_000)
            : 3_000 + random.nextInt(7_000);
      }
      case KILL -> {
        variant = KILLS.get(random.nextInt(KILLS.size()));
        duration = 1_000 + random.nextInt(5_000);
      }
      case PAUSE -> {
        variant = PAUSES.get(random.nextInt(PAUSES.size()));
        duration = variant.startsWith("client")
            ? ttlMillis + 500 + random.nextInt(3_500)
            : 2_000 + random.nextInt(6_000);
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    return new PlannedFault(kind, variant, quiet, duration, random.nextInt(1 << 20),
        random.nextLong());
  }
}
