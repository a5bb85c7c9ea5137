package io.warden.statemachine.store;

import java.nio.charset.StandardCharsets;

/** The column families of the store (DESIGN §3). The order is part of nothing: they are opened by name. */
public enum Family {
  /** Fixed keys: applied term/index, schema version, the ring's configuration and epoch. */
  META("meta"),
  /** Session id (8 bytes, big-endian) → {@code SessionRecord}. */
  SESSIONS("sessions"),
  /** Lock name (UTF-8) → {@code LockRecord}. */
  LOCKS("locks"),
  /**
   * Session id (8 bytes) then lock name → {@code SessionLockRef}: an index, so that ending a
   * session finds its locks and waits without scanning every lock.
   */
  SESSION_LOCKS("session_locks"),
  /** Node id (UTF-8) → {@code MemberRecord} (ring membership). */
  MEMBERS("members"),
  /** Partition number (4 bytes, big-endian) → {@code PartitionRecord}. */
  PARTITIONS("partitions"),
  /**
   * The answers re-sent writes get ({@code CallTable}): client id (16 bytes) → the position of its
   * latest call and the ids of its recorded calls (8 bytes each); client id then request id
   * (8 bytes) → that call's position and {@code CommandResult}.
   */
  CALLS("calls");

  private final String columnFamilyName;

  Family(String columnFamilyName) {
    this.columnFamilyName = columnFamilyName;
  }

  byte[] nameBytes() {
    return columnFamilyName.getBytes(StandardCharsets.UTF_8);
  }

  /** The RocksDB column family name. */
  public String columnFamilyName() {
    return columnFamilyName;
  }
}
