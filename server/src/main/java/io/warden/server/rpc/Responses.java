package io.warden.server.rpc;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.Error;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.Response;

/** Builds {@link Response}s. */
public final class Responses {
  private Responses() {}

  public static Response error(long requestId, ErrorCode code, String message) {
    return Response.newBuilder().setRequestId(requestId)
        .setError(Error.newBuilder().setCode(code).setMessage(message)).build();
  }

  /** The response carrying what applying a command produced. */
  public static Response of(long requestId, CommandResult result) {
    Response.Builder response = Response.newBuilder().setRequestId(requestId);
    switch (result.getBodyCase()) {
      case ERROR -> response.setError(result.getError());
      case CREATE_SESSION -> response.setCreateSession(result.getCreateSession());
      case CLOSE_SESSION -> response.setCloseSession(result.getCloseSession());
      case ACQUIRE -> response.setAcquire(result.getAcquire());
      case RELEASE -> response.setRelease(result.getRelease());
      case CANCEL -> response.setCancel(result.getCancel());
      case NONE, BODY_NOT_SET -> response.setError(Error.newBuilder().setCode(ErrorCode.INTERNAL)
          .setMessage("the command produced no reply"));
    }
    return response.build();
  }
}
