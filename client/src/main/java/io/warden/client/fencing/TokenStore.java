package io.warden.client.fencing;

/**
 * Makes a {@link FencingGuard}'s highest accepted tokens durable, so that a restarted resource
 * server does not accept a token older than one it accepted before.
 *
 * <p>The guard calls {@link #save} before a new highest token becomes visible, once per resource at
 * a time (calls for one resource never overlap; calls for different resources may run
 * concurrently). On restart, pass what was saved to {@link FencingGuard#FencingGuard(java.util.Map,
 * TokenStore)}.
 */
@FunctionalInterface
public interface TokenStore {

  /**
   * Durably records that {@code token} is the highest token accepted for {@code resource}. Return
   * only once it would survive a crash. Throwing (an unchecked exception, e.g. {@link
   * java.io.UncheckedIOException}) refuses the token: the guard does not accept it, and the
   * exception reaches the caller of {@link FencingGuard#accept}.
   */
  void save(String resource, long token);
}
