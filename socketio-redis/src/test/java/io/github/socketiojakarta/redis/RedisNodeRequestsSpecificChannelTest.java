package io.github.socketiojakarta.redis;

/**
 * {@link RedisNodeRequestsTest} with {@code publishOnSpecificResponseChannel} on both nodes:
 * answers go to {@code socket.io-response#/#<requester uid>#}, which the Java node subscribes
 * and uses the same way.
 */
class RedisNodeRequestsSpecificChannelTest extends RedisNodeRequestsTest {
    @Override
    boolean publishOnSpecificResponseChannel() {
        return true;
    }
}
