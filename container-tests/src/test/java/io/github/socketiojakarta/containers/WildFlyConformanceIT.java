package io.github.socketiojakarta.containers;

/** {@link ConformanceWarIT} on WildFly. */
class WildFlyConformanceIT extends ConformanceWarIT {
    @Override
    Container newContainer() {
        return WildFly.fromBuild("wildfly-conformance");
    }
}
