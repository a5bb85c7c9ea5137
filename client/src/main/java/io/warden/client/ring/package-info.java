/**
 * Ring membership and partition ownership for applications (DESIGN §7): a data node's
 * {@link io.warden.client.ring.Membership} (join through a session, acquire and release callbacks,
 * graceful leave) and every client's {@link io.warden.client.ring.RingView} (which partition a key
 * is in and who owns it, from a local copy kept current by a watch, or asked of the leader).
 * Depends on the protocol module and the client's transport only.
 */
package io.warden.client.ring;
