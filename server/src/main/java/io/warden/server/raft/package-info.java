/**
 * Ratis glue: building and starting the Raft server from the configuration, submitting commands
 * in-process (client writes batched, several to an entry), reading the node's role, the
 * admin operations (snapshot, leadership transfer, membership change; {@link
 * io.warden.server.raft.GroupAdmin}) and seeding a new node's storage from a backup.
 * The only package of the server that sees Ratis types.
 */
package io.warden.server.raft;
