/**
 * The admin endpoint (DESIGN §9): HTTP on each server's admin address, loopback by default,
 * serving {@code GET /health} (can this server take part in the quorum now), {@code GET /status}
 * (its role, indexes and how much state it holds, as JSON) and {@code GET /metrics} (Prometheus
 * text). Read-only: nothing here proposes an entry or changes state.
 *
 * <p>Depends on {@code raft} for the facts about the group and on {@code metrics} for the counts
 * and the exposition; knows nothing of Ratis itself.
 */
package io.warden.server.admin;
