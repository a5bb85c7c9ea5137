package io.warden.client.lock;

import java.util.Objects;

/** The client-side check of lock names, so a bad name fails before anything is sent. */
final class LockNames {

  /** The server's limit on a name's UTF-8 encoding. */
  static final int MAX_UTF8_BYTES = 512;

  private LockNames() {}

  /**
   * Returns {@code name} if it is 1–512 bytes of valid UTF-8 text.
   *
   * @throws IllegalArgumentException naming the problem otherwise
   */
  static String requireValid(String name) {
    Objects.requireNonNull(name, "lock name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a lock name must not be empty");
    }
    int bytes = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            String.format(
                "lock name \"%s\" is not valid Unicode: unpaired surrogate at index %d",
                name, i));
      } else {
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    if (bytes > MAX_UTF8_BYTES) {
      throw new IllegalArgumentException(
          String.format(
              "lock name is %d bytes of UTF-8 and the limit is %d: use a shorter name, or a hash"
                  + " of the long one (it starts \"%s\")",
              bytes, MAX_UTF8_BYTES, name.substring(0, 40)));
    }
    return name;
  }
}
