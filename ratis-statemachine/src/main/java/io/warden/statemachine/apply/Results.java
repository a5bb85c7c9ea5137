package io.warden.statemachine.apply;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.Error;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.NoResult;

/** Small constructors for {@link CommandResult}s. */
public final class Results {
  private static final CommandResult NONE = CommandResult.newBuilder().setNone(NoResult.getDefaultInstance()).build();

  private Results() {}

  /** A result that says nothing (markers, expiry, replayed entries). */
  public static CommandResult none() {
    return NONE;
  }

  /** A business error: the entry was applied and changed nothing. */
  public static CommandResult error(ErrorCode code, String message) {
    return CommandResult.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build();
  }
}
