package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * Client and server do not understand each other: the server did not know a request or the protocol
 * version ({@link ErrorCode#UNSUPPORTED}), or could not parse a frame this client sent ({@link
 * ErrorCode#MALFORMED_REQUEST}). Retrying does not help; run compatible client and server versions.
 */
public class ProtocolMismatchException extends WardenException {

  /**
   * @param code {@link ErrorCode#UNSUPPORTED} or {@link ErrorCode#MALFORMED_REQUEST}
   * @param message the server's explanation
   */
  public ProtocolMismatchException(ErrorCode code, String message) {
    super(code, message);
  }
}
