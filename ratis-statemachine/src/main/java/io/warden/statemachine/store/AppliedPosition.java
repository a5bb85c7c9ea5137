package io.warden.statemachine.store;

import java.nio.ByteBuffer;

/**
 * The log position (term, index) of the last entry whose effects the store holds.
 *
 * @param term  the Raft term of that entry
 * @param index the Raft log index of that entry; 0 for an empty store
 */
public record AppliedPosition(long term, long index) {
  public static final AppliedPosition NONE = new AppliedPosition(0, 0);

  byte[] encode() {
    return ByteBuffer.allocate(2 * Long.BYTES).putLong(term).putLong(index).array();
  }

  static AppliedPosition decode(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return new AppliedPosition(buffer.getLong(), buffer.getLong());
  }
}
