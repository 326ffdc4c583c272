package io.github.socketiojakarta.containers;

/** {@link BatchesWarIT} on standalone Tomcat: its non-blocking batch flush. */
class TomcatBatchesIT extends BatchesWarIT {
    @Override
    Container newContainer() {
        return Tomcat.fromBuild("tomcat-batches");
    }

    @Override
    String expectedWritePath() {
        return "batches, written with its non-blocking flush";
    }
}
