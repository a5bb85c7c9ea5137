/**
 * For resource servers: {@link io.warden.client.fencing.FencingGuard} rejects a write stamped with
 * a fencing token lower than one already accepted for the same resource, so a lock holder that lost
 * its lock without noticing cannot overwrite its successor's work (DESIGN §6). Needs no cluster
 * connection; depends on nothing but {@link io.warden.client.WardenException}.
 */
package io.warden.client.fencing;
