package io.warden.client.transport;

import io.warden.client.InternalServerException;
import io.warden.client.InvalidArgumentException;
import io.warden.client.LimitExceededException;
import io.warden.client.ProtocolMismatchException;
import io.warden.client.StaleTokenException;
import io.warden.client.UnknownSessionException;
import io.warden.client.UnknownWaiterException;
import io.warden.client.WardenException;
import io.warden.client.WardenUnavailableException;
import io.warden.protocol.client.Error;
import io.warden.protocol.client.ErrorCode;

/**
 * What the client does with each protocol {@link ErrorCode}, and the exception a final one becomes.
 */
final class ErrorMapping {

  /** How a request proceeds after an error answer. */
  enum Disposition {
    /** NOT_LEADER: go to the hinted leader (or look for one) and re-send at once. */
    REDIRECT,
    /** NO_LEADER, UNKNOWN_OUTCOME: re-send the same request id after a backoff. */
    RETRY_LATER,
    /** Anything else: the answer is final; fail the request with {@link #toException}. */
    FINAL
  }

  private ErrorMapping() {}

  static Disposition dispositionOf(ErrorCode code) {
    return switch (code) {
      case NOT_LEADER -> Disposition.REDIRECT;
        // Both are safe to retry with the same id: NO_LEADER did nothing, and the servers' call
        // records apply an UNKNOWN_OUTCOME write at most once.
      case NO_LEADER, UNKNOWN_OUTCOME -> Disposition.RETRY_LATER;
      default -> Disposition.FINAL;
    };
  }

  /** The typed exception for a server error, carrying the server's message. */
  static WardenException toException(Error error) {
    ErrorCode code = error.getCode();
    String message = error.getMessage().isBlank() ? describe(error) : error.getMessage();
    return switch (code) {
      case INVALID_ARGUMENT -> new InvalidArgumentException(message);
      case UNKNOWN_SESSION -> new UnknownSessionException(message);
      case STALE_TOKEN -> new StaleTokenException(message);
      case LIMIT_EXCEEDED -> new LimitExceededException(message);
      case UNKNOWN_WAITER -> new UnknownWaiterException(message);
      case MALFORMED_REQUEST, UNSUPPORTED -> new ProtocolMismatchException(code, message);
      case INTERNAL -> new InternalServerException(message);
        // Transient codes reach here only when a request may not retry them (sent to one fixed
        // server).
      case NOT_LEADER, NO_LEADER, UNKNOWN_OUTCOME ->
          new WardenUnavailableException(code, message, null);
      case ERROR_CODE_UNSPECIFIED, UNRECOGNIZED ->
          new WardenException(
              ErrorCode.ERROR_CODE_UNSPECIFIED,
              String.format(
                  "the server answered an error this client does not know (code %d): %s; a newer"
                      + " server may need a newer client",
                  error.getCodeValue(), message));
    };
  }

  private static String describe(Error error) {
    return "the server answered " + error.getCode() + " without a message";
  }
}
