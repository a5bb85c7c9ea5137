package io.warden.statemachine.store;

/** The store was written by a newer Warden whose schema this binary does not understand. */
public final class StoreSchemaException extends StoreException {
  public StoreSchemaException(String message) {
    super(message);
  }
}
