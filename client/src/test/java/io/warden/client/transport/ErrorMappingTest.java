package io.warden.client.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.client.InternalServerException;
import io.warden.client.InvalidArgumentException;
import io.warden.client.LimitExceededException;
import io.warden.client.ProtocolMismatchException;
import io.warden.client.StaleTokenException;
import io.warden.client.UnknownSessionException;
import io.warden.client.UnknownWaiterException;
import io.warden.client.WardenException;
import io.warden.client.WardenUnavailableException;
import io.warden.client.transport.ErrorMapping.Disposition;
import io.warden.protocol.client.Error;
import io.warden.protocol.client.ErrorCode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorMappingTest {

  static Stream<Arguments> finalCodes() {
    return Stream.of(
        Arguments.of(ErrorCode.INVALID_ARGUMENT, InvalidArgumentException.class),
        Arguments.of(ErrorCode.UNKNOWN_SESSION, UnknownSessionException.class),
        Arguments.of(ErrorCode.STALE_TOKEN, StaleTokenException.class),
        Arguments.of(ErrorCode.LIMIT_EXCEEDED, LimitExceededException.class),
        Arguments.of(ErrorCode.UNKNOWN_WAITER, UnknownWaiterException.class),
        Arguments.of(ErrorCode.MALFORMED_REQUEST, ProtocolMismatchException.class),
        Arguments.of(ErrorCode.UNSUPPORTED, ProtocolMismatchException.class),
        Arguments.of(ErrorCode.INTERNAL, InternalServerException.class));
  }

  @ParameterizedTest
  @MethodSource("finalCodes")
  void eachFinalCodeBecomesItsOwnExceptionWithTheServersMessage(
      ErrorCode code, Class<? extends WardenException> type) {
    WardenException exception =
        ErrorMapping.toException(
            Error.newBuilder().setCode(code).setMessage("what the server said").build());

    assertThat(exception).isExactlyInstanceOf(type).hasMessage("what the server said");
    assertThat(exception.code()).isEqualTo(code);
    assertThat(ErrorMapping.dispositionOf(code)).isEqualTo(Disposition.FINAL);
  }

  @Test
  void notLeaderRedirects() {
    assertThat(ErrorMapping.dispositionOf(ErrorCode.NOT_LEADER)).isEqualTo(Disposition.REDIRECT);
  }

  @ParameterizedTest
  @EnumSource(names = {"NO_LEADER", "UNKNOWN_OUTCOME"})
  void noLeaderAndUnknownOutcomeAreRetriedWithBackoff(ErrorCode code) {
    assertThat(ErrorMapping.dispositionOf(code)).isEqualTo(Disposition.RETRY_LATER);
  }

  @ParameterizedTest
  @EnumSource(names = {"NOT_LEADER", "NO_LEADER", "UNKNOWN_OUTCOME"})
  void transientCodesThatCannotBeRetriedMeanUnavailable(ErrorCode code) {
    WardenException exception =
        ErrorMapping.toException(Error.newBuilder().setCode(code).setMessage("m").build());

    assertThat(exception).isInstanceOf(WardenUnavailableException.class);
    assertThat(exception.code()).isEqualTo(code);
  }

  @Test
  void aCodeFromANewerServerIsReportedWithItsNumber() {
    WardenException exception =
        ErrorMapping.toException(
            Error.newBuilder().setCodeValue(99).setMessage("new thing").build());

    assertThat(exception).isExactlyInstanceOf(WardenException.class);
    assertThat(exception.code()).isEqualTo(ErrorCode.ERROR_CODE_UNSPECIFIED);
    assertThat(exception.getMessage()).contains("99", "new thing", "newer client");
    assertThat(ErrorMapping.dispositionOf(ErrorCode.UNRECOGNIZED)).isEqualTo(Disposition.FINAL);
  }

  @Test
  void anErrorWithoutMessageStillSaysWhatHappened() {
    WardenException exception =
        ErrorMapping.toException(Error.newBuilder().setCode(ErrorCode.STALE_TOKEN).build());

    assertThat(exception.getMessage()).contains("STALE_TOKEN");
  }

  @Test
  void everyProtocolCodeIsMapped() {
    for (ErrorCode code : ErrorCode.values()) {
      if (code != ErrorCode.UNRECOGNIZED) {
        assertThat(ErrorMapping.toException(Error.newBuilder().setCode(code).build())).isNotNull();
      }
    }
  }
}
