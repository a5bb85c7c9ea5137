package io.warden.statemachine.ring;

import io.warden.protocol.ring.PartitionHash;
import io.warden.protocol.ring.XxHash64;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our XXH64 is the XXH64 of the reference implementation, byte length by byte length. */
class XxHash64Test {

  @Test
  void matchesThePublishedTestVectors() {
    assertThat(XxHash64.hash(ascii(""), 0)).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(XxHash64.hash(ascii("a"), 0)).isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(XxHash64.hash(ascii("abc"), 0)).isEqualTo(0x44BC2CF5AD770999L);
    assertThat(XxHash64.hash(ascii("Nobody inspects the spammish repetition"), 0)).isEqualTo(0xFBCEA83C8A378BF1L);
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 8);
  }

  /** Every length from 0 to 300 bytes covers each tail shape and 1 to 9 full 32-byte stripes. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void agreesWithZeroAllocationHashingForEveryLengthUpTo300Bytes(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long hashSeed = seed == 1 ? PartitionHash.SEED : random.nextLong();
    LongHashFunction reference = LongHashFunction.xx(hashSeed);
    for (int length = 0; length <= 300; length++) {
      byte[] input = new byte[length];
      random.nextBytes(input);

      assertThat(XxHash64.hash(input, hashSeed)).as("length %d, seed %x", length, hashSeed)
          .isEqualTo(reference.hashBytes(input));
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
