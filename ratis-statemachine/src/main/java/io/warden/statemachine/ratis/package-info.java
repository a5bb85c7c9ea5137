/**
 * The thin adapter Ratis drives: decoding entries, committing their effects with the applied
 * position, snapshots as RocksDB checkpoints, and reloading after a snapshot install. The only
 * package of this module that sees Ratis (and its shaded protobuf).
 */
package io.warden.statemachine.ratis;
