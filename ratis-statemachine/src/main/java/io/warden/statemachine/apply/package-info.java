/**
 * Dispatch of one decoded log command to the logic of its concept, and the events that applying
 * it produced (for the server to act on: lease bookkeeping, pushes to clients).
 */
package io.warden.statemachine.apply;
