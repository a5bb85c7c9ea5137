package io.warden.client.session;

import io.warden.protocol.client.ClientMessage;
import java.util.OptionalLong;

/** Which session a request is about, so an UNKNOWN_SESSION answer can be pinned on it. */
public final class SessionReferences {

  private SessionReferences() {}

  /**
   * The one session {@code request} names, if it names exactly one: CloseSession, Acquire, Release,
   * Cancel, or a KeepAlive for a single session.
   */
  public static OptionalLong sessionIdOf(ClientMessage request) {
    return switch (request.getBodyCase()) {
      case CLOSE_SESSION -> OptionalLong.of(request.getCloseSession().getSessionId());
      case ACQUIRE -> OptionalLong.of(request.getAcquire().getSessionId());
      case RELEASE -> OptionalLong.of(request.getRelease().getSessionId());
      case CANCEL -> OptionalLong.of(request.getCancel().getSessionId());
      case KEEP_ALIVE ->
          request.getKeepAlive().getSessionIdsCount() == 1
              ? OptionalLong.of(request.getKeepAlive().getSessionIds(0))
              : OptionalLong.empty();
      default -> OptionalLong.empty();
    };
  }
}
