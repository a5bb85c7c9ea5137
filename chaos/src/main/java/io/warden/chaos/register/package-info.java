/**
 * The fenced register: the resource the lock workers protect. It runs in the harness and checks
 * every write's token with the client library's {@link io.warden.client.fencing.FencingGuard},
 * recording each decision with its own time. Workers reach it through a Unix domain socket in the
 * run folder: a path in the file system, which every network namespace shares, so the register
 * needs no address in the root namespace and the partitions, which cut the Warden network, never
 * cut it off.
 */
package io.warden.chaos.register;
