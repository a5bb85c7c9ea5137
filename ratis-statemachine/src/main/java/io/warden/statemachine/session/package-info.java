/**
 * Sessions in the store: creation (the id is the log index), close and expiry. Deadlines are not
 * here: they live only on the leader's monotonic clock (see the server's lease keeper).
 */
package io.warden.statemachine.session;
