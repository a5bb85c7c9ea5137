package io.warden.chaos.net;

/**
 * One host of the test network: a network namespace with one interface on the bridge.
 *
 * @param name the host's name in the run ({@code n1}, {@code c2}, {@code observer})
 * @param namespace the network namespace
 * @param address its IPv4 address, which exists only inside that namespace
 */
public record Host(String name, String namespace, String address) {}
