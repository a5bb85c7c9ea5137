package io.warden.statemachine.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random members for property tests: unpredictable ids, weights 1..4, zones among 1..3. */
final class RandomMembers {
  private final SplittableRandom random;
  private final int zones;

  /** Members of {@code random}'s stream, spread over {@code zones} zones. */
  RandomMembers(SplittableRandom random, int zones) {
    this.random = random;
    this.zones = zones;
  }

  /** A stream of members for {@code seed}, with 1 to 3 zones (chosen by the seed too). */
  static RandomMembers forSeed(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new RandomMembers(random, 1 + random.nextInt(3));
  }

  SplittableRandom random() {
    return random;
  }

  Member next() {
    return new Member("node-" + Long.toHexString(random.nextLong()), "zone-" + (char) ('a' + random.nextInt(zones)),
        1 + random.nextInt(4));
  }

  List<Member> next(int count) {
    List<Member> members = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      members.add(next());
    }
    return members;
  }

  /** {@code count} members of weight 1 in one zone, named {@code node-1..node-count}. */
  static List<Member> equalWeight(int count) {
    List<Member> members = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      members.add(new Member("node-" + i, "zone-" + (char) ('a' + i % 3), 1));
    }
    return members;
  }
}
