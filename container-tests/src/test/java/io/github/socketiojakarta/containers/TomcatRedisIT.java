package io.github.socketiojakarta.containers;

/** {@link RedisWarIT} on standalone Tomcat. */
class TomcatRedisIT extends RedisWarIT {
    @Override
    Container newContainer() {
        return Tomcat.fromBuild("tomcat-redis");
    }
}
