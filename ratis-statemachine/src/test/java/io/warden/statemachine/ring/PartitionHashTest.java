package io.warden.statemachine.ring;

import io.warden.protocol.ring.PartitionHash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The key-to-partition function is a protocol contract: these golden values must never change.
 * If one of these tests fails, every key of every cluster would move to another partition.
 */
class PartitionHashTest {

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ""                   | 0x4CA2329CB0805C9A | 154 | 2
      a                    | 0xD9A3251E63E4DD69 | 361 | 2
      user:42              | 0x71EEC7BB4A733C3A |  58 | 2
      order/2024/000017    | 0xC5055BED2EBD5B90 | 912 | 4
      ключ                 | 0x2E25CDD2B11AF2F3 | 755 | 6
      😀 emoji             | 0x5CA421EF86CEBD38 | 312 | 0
      warden               | 0x3B8361771A1D4036 |  54 | 3
      """)
  void fixedKeysKeepTheirHashAndPartition(String key, String hash, int of1024, int of7) {
    String text = key == null ? "" : key;

    assertThat(PartitionHash.hash64(text)).isEqualTo(Long.parseUnsignedLong(hash.substring(2), 16));
    assertThat(PartitionHash.partition(text, 1024)).isEqualTo(of1024);
    assertThat(PartitionHash.partition(text, 7)).isEqualTo(of7);
  }

  @Test
  void theHashIsXxh64OfTheUtf8BytesWithTheDocumentedSeed() {
    byte[] utf8 = "ключ".getBytes(StandardCharsets.UTF_8);

    assertThat(PartitionHash.SEED).isEqualTo(0x57415244454E5631L);
    assertThat(new String(ByteBuffer.allocate(8).putLong(PartitionHash.SEED).array(), StandardCharsets.US_ASCII))
        .isEqualTo("WARDENV1");
    assertThat(PartitionHash.hash64("ключ")).isEqualTo(LongHashFunction.xx(PartitionHash.SEED).hashBytes(utf8));
    assertThat(PartitionHash.partition("ключ", 1024)).isEqualTo(PartitionHash.partition(utf8, 1024));
  }

  @Test
  void aNegativeHashStillGivesAPartitionInRange() {
    assertThat(PartitionHash.hash64("a")).isNegative();

    assertThat(PartitionHash.partition("a", 1024)).isEqualTo(Math.floorMod(PartitionHash.hash64("a"), 1024));
  }

  @Test
  void keysSpreadEvenlyOverPartitions() {
    int[] counts = new int[1024];
    for (int i = 0; i < 200_000; i++) {
      counts[PartitionHash.partition("key-" + i, 1024)]++;
    }
    double average = 200_000 / 1024.0;

    assertThat(Arrays.stream(counts).max().orElseThrow()).isLessThan((int) (1.3 * average));
    assertThat(Arrays.stream(counts).min().orElseThrow()).isGreaterThan((int) (0.7 * average));
  }

  @Test
  void onePartitionTakesEveryKey() {
    assertThat(PartitionHash.partition("anything", 1)).isZero();
  }

  @Test
  void aPartitionCountBelowOneIsRejected() {
    assertThatThrownBy(() -> PartitionHash.partition("k", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
  }
}
