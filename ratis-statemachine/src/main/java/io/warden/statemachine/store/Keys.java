package io.warden.statemachine.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.rocksdb.RocksIterator;

/** Key encodings. Numbers are big-endian so that RocksDB's byte order is numeric order. */
public final class Keys {
  private Keys() {}

  public static byte[] ofLong(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  public static long toLong(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }

  public static byte[] ofInt(int value) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
  }

  public static int toInt(byte[] key) {
    return ByteBuffer.wrap(key).getInt();
  }

  public static byte[] ofString(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  public static String toString(byte[] key) {
    return new String(key, StandardCharsets.UTF_8);
  }

  /** A session id followed by a name: keys of per-session indexes. */
  public static byte[] ofSessionAndName(long sessionId, String name) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(Long.BYTES + nameBytes.length).putLong(sessionId).put(nameBytes).array();
  }

  /** The name part of a key made by {@link #ofSessionAndName}. */
  public static String nameAfterSession(byte[] key) {
    return new String(key, Long.BYTES, key.length - Long.BYTES, StandardCharsets.UTF_8);
  }

  static boolean anyMatch(RocksIterator iterator, BiPredicate<byte[], byte[]> test) {
    for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
      if (test.test(iterator.key(), iterator.value())) {
        return true;
      }
    }
    return false;
  }

  static void scanPrefix(RocksIterator iterator, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
    for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
      byte[] key = iterator.key();
      if (!Arrays.equals(key, 0, Math.min(prefix.length, key.length), prefix, 0, prefix.length)) {
        return;
      }
      visitor.accept(key, iterator.value());
    }
  }
}
