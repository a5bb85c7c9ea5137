/**
 * Fencing-token locks in the store (DESIGN §6): exclusive and shared grants, FIFO waiters,
 * release by token, cancel, lock-delay, and release of everything a session had when it ends.
 * The fencing token of a grant is the log index of the entry that granted it.
 */
package io.warden.statemachine.lock;
