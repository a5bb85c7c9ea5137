package io.warden.server.config;

/**
 * The configuration or the environment does not allow this server to start. The message is one
 * line an operator can act on; the process prints it and exits with status 2.
 */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
