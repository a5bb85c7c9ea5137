package io.warden.statemachine.store;

/** The store could not be opened, read or written. The message says which directory and why. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
