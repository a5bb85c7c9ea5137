/**
 * The test network: network namespaces joined by veth pairs to a bridge that lives in a namespace
 * of its own, addresses from 10.77.0.0/24 that exist only inside those namespaces, no route out,
 * and iptables DROP rules inside them for partitions. Nothing is created in the root namespace,
 * so deleting the namespaces removes every interface, address and rule. Runs {@code ip},
 * {@code iptables} and {@code ss} as root.
 */
package io.warden.chaos.net;
