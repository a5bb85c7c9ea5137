package io.warden.client.session;

import io.warden.client.SessionState;

/**
 * One transition of a session's state.
 *
 * @param previous the state before
 * @param current the state after; differs from {@code previous}
 */
public record StateChange(SessionState previous, SessionState current) {}
