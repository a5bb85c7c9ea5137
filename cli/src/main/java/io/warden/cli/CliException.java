package io.warden.cli;

/** The command could not do what was asked; the message is the one line printed on stderr. */
public final class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }
}
