package io.warden.client.transport;

import io.warden.protocol.client.Response;

/**
 * A successful answer to a request, with the moment the request first left this client.
 *
 * <p>{@code sentNanos} is what lease arithmetic needs: the server acts on a request only after it
 * arrived, so any time the client measures from the first transmission starts no later than the
 * server's own (DESIGN §5). Re-sends after a redirect or reconnect do not move it.
 *
 * @param response the server's response; never carries an {@code error}
 * @param sentNanos {@link System#nanoTime()} just before the request was first written to a
 *     connection
 */
public record Reply(Response response, long sentNanos) {}
