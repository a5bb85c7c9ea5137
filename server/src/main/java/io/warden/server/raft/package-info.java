/**
 * Ratis glue: building and starting the Raft server from the configuration, submitting commands
 * in-process with the client's ids mapped onto Ratis's retry cache, and reading the node's role.
 * The only package of the server that sees Ratis types.
 */
package io.warden.server.raft;
