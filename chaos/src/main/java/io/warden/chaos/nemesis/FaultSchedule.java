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
 *   <li>netem (3–10 s): {@code slow} (a server's outgoing link limited to 64–512 kbit/s, queueing
 *       up to 300 ms) or {@code lossy} (a server drops 10–50% of what it receives), at the leader
 *       every other time; {@code lossy-all} (every server drops 5–25%).
 * </ul>
 *
 * <p>With data nodes in the run, each kind also aims at them: {@code member-isolated} (a data
 * node cut off from every server for its TTL plus 1–4 s), kill {@code member} (restarted after
 * 1–6 s), pause {@code member} (its TTL plus 0.5–4 s).
 */
public final class FaultSchedule {
  private static final List<String> PARTITIONS = List.of("majority-minority", "leader-isolated",
      "bridge", "one-way-in", "one-way-out", "client-isolated");
  private static final List<String> KILLS = List.of("leader", "any");
  private static final List<String> PAUSES = List.of("server-leader", "server-any",
      "client-holding", "client-holding");
  private static final List<String> NETEMS = List.of("slow", "lossy", "lossy-all");
  private static final String MEMBER = "member";

  private final Random random;
  private final List<FaultKind> kinds;
  private final long ttlMillis;
  private final boolean dataNodes;

  /** A schedule without data nodes. */
  public FaultSchedule(long seed, List<FaultKind> kinds, Duration ttl) {
    this(seed, kinds, ttl, false);
  }

  /** @param dataNodes whether the run has data nodes for faults to aim at */
  public FaultSchedule(long seed, List<FaultKind> kinds, Duration ttl, boolean dataNodes) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("no fault kinds to schedule");
    }
    this.random = new Random(seed);
    this.kinds = List.copyOf(kinds);
    this.ttlMillis = ttl.toMillis();
    this.dataNodes = dataNodes;
  }

  public PlannedFault next() {
    FaultKind kind = kinds.get(random.nextInt(kinds.size()));
    long quiet = 3_000 + random.nextInt(4_000);
    String variant;
    long duration;
    switch (kind) {
      case PARTITION -> {
        variant = draw(PARTITIONS, "member-isolated");
        duration = variant.endsWith("-isolated") && !variant.startsWith("leader")
            ? ttlMillis + 1_000 + random.nextInt(3_000)
            : 3_000 + random.nextInt(7_000);
      }
      case KILL -> {
        variant = draw(KILLS, MEMBER);
        duration = 1_000 + random.nextInt(5_000);
      }
      case PAUSE -> {
        variant = draw(PAUSES, MEMBER);
        duration = variant.startsWith("client") || variant.equals(MEMBER)
            ? ttlMillis + 500 + random.nextInt(3_500)
            : 2_000 + random.nextInt(6_000);
      }
      case NETEM -> {
        variant = NETEMS.get(random.nextInt(NETEMS.size()));
        duration = 3_000 + random.nextInt(7_000);
      }
      default -> throw new IllegalStateException(kind.toString());
    }
    return new PlannedFault(kind, variant, quiet, duration, random.nextInt(1 << 20),
        random.nextLong());
  }

  /** One of {@code variants}, or of them and {@code memberVariant} when there are data nodes. */
  private String draw(List<String> variants, String memberVariant) {
    int n = variants.size() + (dataNodes ? 1 : 0);
    int i = random.nextInt(n);
    return i < variants.size() ? variants.get(i) : memberVariant;
  }
}
