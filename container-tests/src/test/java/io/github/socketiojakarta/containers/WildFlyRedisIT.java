package io.github.socketiojakarta.containers;

/** {@link RedisWarIT} on WildFly. */
class WildFlyRedisIT extends RedisWarIT {
    @Override
    Container newContainer() {
        return WildFly.fromBuild("wildfly-redis");
    }
}
