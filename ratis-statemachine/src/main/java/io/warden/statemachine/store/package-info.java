/**
 * The RocksDB store: column families per concept, the applied index kept in the same write
 * batch as every change, the schema version, and checkpoints.
 */
package io.warden.statemachine.store;
