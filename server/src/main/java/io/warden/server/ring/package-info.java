/**
 * Ring membership and partition ownership on the server (DESIGN §7): the requests (join, leave,
 * release, linearizable reads of the table, the watch), the pushes to owners and watchers, and the
 * re-sending of ownership when a session's connection changes. Apply logic lives in
 * {@code io.warden.statemachine.ring.RingTable}.
 */
package io.warden.server.ring;
