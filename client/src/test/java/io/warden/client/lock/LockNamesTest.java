package io.warden.client.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Lock names are checked before anything is sent: 1 to 512 bytes of valid UTF-8. */
class LockNamesTest {

  @Test
  void namesUpTo512BytesOfUtf8AreAccepted() {
    assertThat(LockNames.requireValid("a")).isEqualTo("a");
    assertThat(LockNames.requireValid("x".repeat(512))).hasSize(512);
    assertThat(LockNames.requireValid("é".repeat(256))).hasSize(256);
    assertThat(LockNames.requireValid("\uD83D\uDD12".repeat(128))).hasSize(256); // 4-byte emoji
  }

  @Test
  void anEmptyNameIsRejected() {
    assertThatThrownBy(() -> LockNames.requireValid(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
  }

  @Test
  void aNameLongerThan512BytesIsRejectedWithItsSize() {
    assertThatThrownBy(() -> LockNames.requireValid("x".repeat(513)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("513 bytes")
        .hasMessageContaining("limit is 512");
    assertThatThrownBy(() -> LockNames.requireValid("€".repeat(171))) // 3 bytes each: 513
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNameThatIsNotValidUnicodeIsRejected() {
    assertThatThrownBy(() -> LockNames.requireValid("bad\uD800name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate at index 3");
  }
}
