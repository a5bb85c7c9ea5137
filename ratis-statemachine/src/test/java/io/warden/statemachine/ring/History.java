package io.warden.statemachine.ring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A random membership history for one seed: a fresh placement of 1..100 random members, then
 * {@value #STEPS} single joins or leaves (staying within 1..100 members), each placed from the
 * placement before it. Histories are computed once per seed and shared by the tests that read them.
 */
final class History {
  static final int STEPS = 30;
  static final int MAX_MEMBERS = 100;
  private static final Map<Long, History> BY_SEED = new HashMap<>();

  /** One placement: the members it was made for, and the join or leave that led to it (or neither). */
  record Step(Placement before, Placement after, List<Member> members, Member joined, Member left) {}

  private final Placer placer;
  private final List<Step> steps;

  private History(Placer placer, List<Step> steps) {
    this.placer = placer;
    this.steps = steps;
  }

  static synchronized History of(long seed) {
    return BY_SEED.computeIfAbsent(seed, History::generate);
  }

  Placer placer() {
    return placer;
  }

  /** The fresh placement first, then each join or leave. */
  List<Step> steps() {
    return steps;
  }

  /** The first, middle and last steps: for properties that cost a placement per step checked. */
  List<Step> sampled() {
    return List.of(steps.get(0), steps.get(STEPS / 2), steps.get(STEPS));
  }

  private static History generate(long seed) {
    RandomMembers source = RandomMembers.forSeed(seed);
    SplittableRandom random = source.random();
    Placer placer = Placer.withDefaults();
    List<Member> members = source.next(1 + random.nextInt(MAX_MEMBERS));
    List<Step> steps = new ArrayList<>();
    Placement placement = placer.place(members);
    steps.add(new Step(Placement.unowned(placer.partitions()), placement, List.copyOf(members), null, null));
    for (int i = 0; i < STEPS; i++) {
      boolean join = members.size() == 1 || (members.size() < MAX_MEMBERS && random.nextBoolean());
      Member joined = null;
      Member left = null;
      if (join) {
        joined = source.next();
        members.add(joined);
      } else {
        left = members.remove(random.nextInt(members.size()));
      }
      Placement next = placer.place(placement, members);
      steps.add(new Step(placement, next, List.copyOf(members), joined, left));
      placement = next;
    }
    return new History(placer, steps);
  }
}
