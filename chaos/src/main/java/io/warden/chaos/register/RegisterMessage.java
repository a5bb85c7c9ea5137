package io.warden.chaos.register;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One request or answer between a worker and the register, one JSON line each way.
 *
 * <p>Requests: {@code write} (client, clientOp, lock, token), {@code hold} (client, lock, token:
 * the worker was just granted the lock), {@code free} (client, lock: it released it). The last two
 * only tell the nemesis whom to pause. Answers: {@code accepted}, {@code t} (the register's time of
 * the write) and {@code highest}; {@code ok} for notes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisterMessage(
    String op,
    String client,
    Long clientOp,
    String lock,
    Long token,
    Boolean accepted,
    Long t,
    Long highest,
    Boolean ok) {

  static RegisterMessage write(String client, long clientOp, String lock, long token) {
    return new RegisterMessage("write", client, clientOp, lock, token, null, null, null, null);
  }

  static RegisterMessage note(String op, String client, String lock, long token) {
    return new RegisterMessage(op, client, null, lock, token, null, null, null, null);
  }

  static RegisterMessage written(boolean accepted, long t, long highest) {
    return new RegisterMessage(null, null, null, null, null, accepted, t, highest, null);
  }

  static RegisterMessage noted() {
    return new RegisterMessage(null, null, null, null, null, null, null, null, true);
  }
}
