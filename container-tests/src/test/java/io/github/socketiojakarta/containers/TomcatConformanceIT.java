package io.github.socketiojakarta.containers;

/** {@link ConformanceWarIT} on standalone Tomcat. */
class TomcatConformanceIT extends ConformanceWarIT {
    @Override
    Container newContainer() {
        return Tomcat.fromBuild("tomcat-conformance");
    }
}
