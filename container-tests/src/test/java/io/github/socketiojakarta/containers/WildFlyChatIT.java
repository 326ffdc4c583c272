package io.github.socketiojakarta.containers;

/** {@link ChatWarIT} on WildFly, with {@code example-war} (CDI and JSON-B are WildFly's). */
class WildFlyChatIT extends ChatWarIT {
    @Override
    Container newContainer() {
        return WildFly.fromBuild("wildfly-chat");
    }

    @Override
    String warName() {
        return "example-war.war";
    }
}
