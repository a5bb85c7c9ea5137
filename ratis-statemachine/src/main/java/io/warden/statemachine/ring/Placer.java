package io.warden.statemachine.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Places P partitions on the ring's members (DESIGN §7): consistent hashing onto weighted virtual
 * nodes with bounded loads, sticky so that a membership change moves close to the fewest
 * partitions. Pure and deterministic: no randomness, no clock, no hash-map iteration; safe to run
 * inside a Raft apply.
 *
 * <h2>Algorithm</h2>
 * Members are taken as a set, sorted by node id. With q<sub>i</sub> = P·w<sub>i</sub>/W the exact
 * share of member i (weight w<sub>i</sub>, total weight W):
 * <ol>
 *   <li><b>Keep.</b> Every partition whose previous owner is still a member stays with it.</li>
 *   <li><b>Count</b> ({@link LoadTargets}). A member keeping more than its load bound
 *       ⌈(1+ε)·q<sub>i</sub>⌉ must shed the excess; orphaned and shed partitions are counted out to
 *       the members furthest below their share; then members below ⌊q<sub>i</sub>⌋ (a newcomer) take
 *       from members above q<sub>i</sub>. This fixes how many partitions each member ends with.</li>
 *   <li><b>Shed.</b> A member ending with fewer than it kept gives up the partitions it has the
 *       weakest claim on: those whose clockwise ring distance to its nearest virtual node is the
 *       largest (ties: lower partition number first).</li>
 *   <li><b>Bounded-load walk</b> (Mirrokni, Thorup and Zadimoghaddam, "Consistent Hashing with
 *       Bounded Loads", 2018). Each partition without an owner, in partition order, walks the ring
 *       clockwise from its point and goes to the first virtual node whose member is still below the
 *       count of step 2. From no previous placement this is exactly bounded-load consistent
 *       hashing, with each member's bound its largest-remainder share.</li>
 *   <li><b>Replicas</b> ({@link ReplicaLists}): the owner, then the next members clockwise,
 *       one per unused zone first.</li>
 * </ol>
 *
 * <h2>Guarantees</h2>
 * Write q<sub>i</sub> = P·w<sub>i</sub>/W for member i's exact share and b<sub>i</sub> =
 * ⌈(1+ε)·q<sub>i</sub>⌉ for its load bound.
 * <ul>
 *   <li><b>Load bound</b>, always, whatever the previous placement: member i owns at most
 *       b<sub>i</sub> partitions.</li>
 *   <li><b>Balance</b>: {@link #place(Collection)} gives every member ⌊q<sub>i</sub>⌋ or
 *       ⌈q<sub>i</sub>⌉. Incrementally, no member ends below ⌊q<sub>i</sub>⌋ while another ends
 *       above its share, and a member ends above ⌈q<sub>i</sub>⌉ only by keeping what it had (up to
 *       b<sub>i</sub>). In every state of the tests' random join/leave histories, every member held
 *       ⌊q<sub>i</sub>⌋ or ⌈q<sub>i</sub>⌉.</li>
 *   <li><b>Movement.</b> A partition changes owner only if its owner left, its owner keeps more
 *       than its bound, or its owner is above its share while another member is below its floor.
 *       From a placement in which every member holds ⌊q⌋ or ⌈q⌉ (see Balance):
 *       <ul>
 *         <li>a join of weight w (new total W) moves exactly ⌊P·w/W⌋ partitions, all to the
 *             joiner, whenever no bound forces a member to shed — always when w is at most a tenth
 *             of the previous total weight; otherwise it moves what the bounds force out, which is
 *             fewer than 1.1·P·w/W provided there are at most P/10 members;</li>
 *         <li>a leave moves the leaver's partitions, plus (never observed in the tests) as many as
 *             needed to lift a remaining member to its floor if the leaver's do not suffice.</li>
 *       </ul>
 *       The tests check "at most 1.1× the minimum" (P·w/W for a join, the leaver's partitions for
 *       a leave) on every step of the random histories.</li>
 *   <li><b>Order independence</b>: the result is a function of the member <em>set</em> (node id,
 *       zone, weight of each) and of the previous placement's owners; the order and the kind of
 *       collection {@code members} comes in never matter. {@link #place(Collection)} is a function
 *       of the member set alone. What incremental placement does not promise is history
 *       independence: reaching the same set by other joins and leaves can give another assignment,
 *       because minimal movement keeps what members already own. The functions of the member set
 *       alone that were measured miss the 1.1× movement bound on most random joins and leaves
 *       (plain bounded-load consistent hashing by up to 4.8×, this placer from scratch by up to
 *       12×). Raft replicas never disagree on the assignment: they apply the same log, so they
 *       place from the same previous placement.</li>
 *   <li><b>Idempotence</b>: placing the same members again returns the previous placement
 *       unchanged, if that placement came from this placer.</li>
 *   <li><b>Determinism</b>: integer arithmetic (ε enters through exact decimals), fixed hashes, ties
 *       broken by node-id hashes and node ids; no randomness, clock or hash-map iteration.</li>
 * </ul>
 *
 * <p>The outcome is part of the replicated state: changing this algorithm, its constants or the
 * ring's hashing changes what replaying an old log computes, so such a change needs a state
 * machine version. The golden placement test pins it.
 */
public final class Placer {
  public static final int DEFAULT_PARTITIONS = 1024;
  public static final double DEFAULT_EPSILON = 0.1;
  public static final int DEFAULT_REPLICAS = 3;
  /** Largest ε accepted: beyond it the bound means nothing. */
  public static final double MAX_EPSILON = 10.0;

  private final int partitions;
  private final double epsilon;
  private final int replicas;

  /**
   * @param partitions P ≥ 1, fixed for the life of a cluster
   * @param epsilon the load slack ε, 0..{@value #MAX_EPSILON}; read as its shortest decimal form
   * @param replicas the replication factor R ≥ 1; lists are capped at the member count
   */
  public Placer(int partitions, double epsilon, int replicas) {
    if (partitions < 1) {
      throw new IllegalArgumentException("the partition count must be at least 1, was " + partitions);
    }
    if (!(epsilon >= 0 && epsilon <= MAX_EPSILON)) {
      throw new IllegalArgumentException("epsilon must be in 0.." + MAX_EPSILON + ", was " + epsilon);
    }
    if (replicas < 1) {
      throw new IllegalArgumentException("the replication factor must be at least 1, was " + replicas);
    }
    this.partitions = partitions;
    this.epsilon = epsilon;
    this.replicas = replicas;
  }

  /** P = {@value #DEFAULT_PARTITIONS}, ε = {@value #DEFAULT_EPSILON}, R = {@value #DEFAULT_REPLICAS}. */
  public static Placer withDefaults() {
    return new Placer(DEFAULT_PARTITIONS, DEFAULT_EPSILON, DEFAULT_REPLICAS);
  }

  public int partitions() {
    return partitions;
  }

  public double epsilon() {
    return epsilon;
  }

  public int replicas() {
    return replicas;
  }

  /** The placement of {@code members} from scratch: a function of the member set alone. */
  public Placement place(Collection<Member> members) {
    return place(Placement.unowned(partitions), members);
  }

  /**
   * The placement of {@code members} that moves as little as possible from {@code previous}
   * (whose owners that are no longer members count as gone).
   *
   * @throws IllegalArgumentException if two members share a node id, or {@code previous} has
   *     another partition count
   */
  public Placement place(Placement previous, Collection<Member> members) {
    if (previous.partitions() != partitions) {
      throw new IllegalArgumentException("the previous placement has " + previous.partitions()
          + " partitions, this placer " + partitions);
    }
    List<Member> sorted = canonical(members);
    if (sorted.isEmpty()) {
      return Placement.unowned(partitions);
    }
    int count = sorted.size();
    String[] ids = new String[count];
    int[] weights = new int[count];
    for (int i = 0; i < count; i++) {
      ids[i] = sorted.get(i).nodeId();
      weights[i] = sorted.get(i).weight();
    }
    Ring ring = new Ring(sorted);
    long[] tieBreak = new long[count];
    for (int i = 0; i < count; i++) {
      tieBreak[i] = ring.memberHash(i);
    }

    int[] owners = new int[partitions];
    int[] kept = new int[count];
    for (int p = 0; p < partitions; p++) {
      PartitionAssignment before = previous.assignment(p);
      int owner = before.isOwned() ? Arrays.binarySearch(ids, before.owner()) : -1;
      owners[p] = Math.max(owner, -1);  // a previous owner that is no longer a member leaves an orphan
      if (owner >= 0) {
        kept[owner]++;
      }
    }
    int[] bounds = LoadTargets.loadBounds(partitions, epsilon, weights);
    int[] targets = LoadTargets.targets(partitions, weights, bounds, kept, tieBreak);

    shedExcess(ring, owners, kept, targets);
    int[] room = new int[count];
    for (int i = 0; i < count; i++) {
      room[i] = targets[i] - Math.min(kept[i], targets[i]);
    }
    for (int p = 0; p < partitions; p++) {
      if (owners[p] < 0) {
        owners[p] = firstWithRoom(ring, p, room);
        room[owners[p]]--;
      }
    }
    return assemble(sorted, ring, owners);
  }

  /** ⌈(1+ε)·P·w/W⌉ for each of {@code members}, by node id. */
  public SortedMap<String, Integer> loadBounds(Collection<Member> members) {
    List<Member> sorted = canonical(members);
    int[] weights = sorted.stream().mapToInt(Member::weight).toArray();
    int[] bounds = LoadTargets.loadBounds(partitions, epsilon, weights);
    SortedMap<String, Integer> byId = new TreeMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      byId.put(sorted.get(i).nodeId(), bounds[i]);
    }
    return byId;
  }

  private static List<Member> canonical(Collection<Member> members) {
    List<Member> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.comparing(Member::nodeId));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).nodeId().equals(sorted.get(i - 1).nodeId())) {
        throw new IllegalArgumentException("node id " + sorted.get(i).nodeId() + " appears twice among the members");
      }
    }
    return sorted;
  }

  /** Unowns, for each member keeping more than its target, the partitions it has the weakest claim on. */
  private void shedExcess(Ring ring, int[] owners, int[] kept, int[] targets) {
    for (int member = 0; member < kept.length; member++) {
      int excess = kept[member] - targets[member];
      if (excess <= 0) {
        continue;
      }
      List<long[]> held = new ArrayList<>(kept[member]);
      for (int p = 0; p < partitions; p++) {
        if (owners[p] == member) {
          held.add(new long[] {ring.distance(p, member), p});
        }
      }
      held.sort((a, b) -> {
        int byDistance = Long.compareUnsigned(b[0], a[0]);
        return byDistance != 0 ? byDistance : Long.compare(a[1], b[1]);
      });
      for (int k = 0; k < excess; k++) {
        owners[(int) held.get(k)[1]] = -1;
      }
    }
  }

  private static int firstWithRoom(Ring ring, int partition, int[] room) {
    int start = ring.start(partition);
    for (int step = 0; step < ring.size(); step++) {
      int member = ring.memberAt(start + step);
      if (room[member] > 0) {
        return member;
      }
    }
    throw new IllegalStateException("no member has room for partition " + partition + ": the targets do not add up");
  }

  private Placement assemble(List<Member> sorted, Ring ring, int[] owners) {
    String[] zones = new TreeSet<>(sorted.stream().map(Member::zone).toList()).toArray(new String[0]);
    int[] zoneOf = new int[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      zoneOf[i] = Arrays.binarySearch(zones, sorted.get(i).zone());
    }
    ReplicaLists replicaLists = new ReplicaLists(ring, zoneOf, zones.length, replicas);
    List<PartitionAssignment> assignments = new ArrayList<>(partitions);
    for (int p = 0; p < partitions; p++) {
      int[] chosen = replicaLists.of(p, owners[p]);
      List<String> ids = new ArrayList<>(chosen.length);
      for (int member : chosen) {
        ids.add(sorted.get(member).nodeId());
      }
      assignments.add(new PartitionAssignment(p, ids));
    }
    return Placement.of(assignments);
  }
}
