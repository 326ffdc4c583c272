package io.github.socketiojakarta.containers;

/** {@link ChatWarIT} on standalone Tomcat, with {@code example-war-tomcat} (Weld, Yasson). */
class TomcatChatIT extends ChatWarIT {
    @Override
    Container newContainer() {
        return Tomcat.fromBuild("tomcat-chat");
    }

    @Override
    String warName() {
        return "example-war-tomcat.war";
    }
}
