package io.warden.chaos.register;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A worker's connection to the {@link FencedRegister}. One request at a time; not thread-safe. */
public final class RegisterClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SocketChannel channel;
  private final BufferedReader in;
  private final BufferedWriter out;

  public RegisterClient(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
        StandardCharsets.UTF_8));
    out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
        StandardCharsets.UTF_8));
  }

  /** Writes under {@code token}; the answer says whether the register accepted it, and when. */
  public RegisterMessage write(String client, long clientOp, String lock, long token)
      throws IOException {
    return call(RegisterMessage.write(client, clientOp, lock, token));
  }

  /** Notes that {@code client} was just granted {@code lock}. */
  public void hold(String client, String lock, long token) throws IOException {
    call(RegisterMessage.note("hold", client, lock, token));
  }

  /** Notes that {@code client} released {@code lock}. */
  public void free(String client, String lock, long token) throws IOException {
    call(RegisterMessage.note("free", client, lock, token));
  }

  private RegisterMessage call(RegisterMessage request) throws IOException {
    out.write(JSON.writeValueAsString(request));
    out.write('\n');
    out.flush();
    String line = in.readLine();
    if (line == null) {
      throw new IOException("the register closed the connection");
    }
    return JSON.readValue(line, RegisterMessage.class);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
