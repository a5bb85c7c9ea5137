/**
 * Lock requests on the leader, the leader's timer for lock-delays, and what the server observes
 * of handoffs: their latency (a metric) and the ones caused by an expired holder (a log line).
 */
package io.warden.server.lock;
