/**
 * Warden's deterministic state machine: what one replicated log entry does to the state.
 *
 * <p>Depends only on the protocol schemas, RocksDB and (in {@code ratis}) the Ratis state
 * machine API. No sockets, no clocks, no randomness: every replica that applies the same log
 * reaches the same RocksDB content. Sub-packages: {@code store} (RocksDB layout and access),
 * {@code session} and later {@code lock}/{@code ring} (the apply logic per concept),
 * {@code apply} (dispatch and the events apply produces) and {@code ratis} (the thin adapter
 * Ratis drives, plus checkpoint snapshots).
 */
package io.warden.statemachine;
