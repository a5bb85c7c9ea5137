package io.warden.statemachine.apply;

/**
 * Where a command sits in the log: its entry's Raft index shifted left by {@value #SLOT_BITS} bits,
 * plus its slot in the entry (0 for an entry of one command, 0..255 in a batch).
 *
 * <p>Session ids, fencing tokens, ring epochs and the index of every pushed event are positions
 * (DESIGN §4 says "log index": a position is the log index refined to the command). Positions
 * grow with every applied command, across entries, leader changes and restarts, which is all a
 * token needs; and they exceed every plain log index an earlier server handed out, since
 * {@code index << 8 >= index}, so a store and log written before positions stay valid.
 *
 * <p>Upgrade all servers of a group together (stop them, then start the new binary): a server of
 * the earlier binary would give the same entry plain-index ids, and the replicas would differ.
 */
public final class Positions {
  /** Bits for the slot: at most 256 commands share an entry. */
  public static final int SLOT_BITS = 8;
  /** The most commands one entry may carry. */
  public static final int MAX_COMMANDS_PER_ENTRY = 1 << SLOT_BITS;

  private Positions() {}

  /** The position of the command in {@code slot} of the entry at {@code raftIndex}. */
  public static long of(long raftIndex, int slot) {
    if (slot < 0 || slot >= MAX_COMMANDS_PER_ENTRY) {
      throw new IllegalArgumentException("slot " + slot + " is outside 0.." + (MAX_COMMANDS_PER_ENTRY - 1));
    }
    return raftIndex << SLOT_BITS | slot;
  }

  /** The position of the first command of the entry at {@code raftIndex}. */
  public static long first(long raftIndex) {
    return raftIndex << SLOT_BITS;
  }

  /** The highest position the entry at {@code raftIndex} can have: state applied through it is at this position. */
  public static long last(long raftIndex) {
    return raftIndex << SLOT_BITS | (MAX_COMMANDS_PER_ENTRY - 1);
  }

  /** The Raft index of the entry holding {@code position}. */
  public static long raftIndex(long position) {
    return position >>> SLOT_BITS;
  }
}
