/** Lock requests on the leader, and the leader's timer for lock-delays. */
package io.warden.server.lock;
