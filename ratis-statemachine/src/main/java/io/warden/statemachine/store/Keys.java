package io.warden.statemachine.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Key encodings. Numbers are big-endian so that RocksDB's byte order is numeric order. */
public final class Keys {
  private Keys() {}

  public static byte[] ofLong(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  public static long toLong(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }

  public static byte[] ofString(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  public static String toString(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }
}
