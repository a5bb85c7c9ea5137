/**
 * Cluster operations an operator asks for through the client protocol ({@code wardenctl snapshot},
 * {@code leader transfer}, {@code peers add|remove}): checking the request, running it on the
 * leader through {@link io.warden.server.raft.GroupAdmin}, and keeping the data directory's
 * membership record in step with the configurations this server applies.
 */
package io.warden.server.operations;
