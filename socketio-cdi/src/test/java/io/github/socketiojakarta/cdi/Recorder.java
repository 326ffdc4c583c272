package io.github.socketiojakarta.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the test observers saw, in order, for the tests to await and check. Thread-safe. */
@ApplicationScoped
public class Recorder {
    private final List<String> entries = new CopyOnWriteArrayList<>();

    public void add(String entry) {
        entries.add(entry);
    }

    /** A snapshot. */
    public List<String> entries() {
        return List.copyOf(entries);
    }

    /** The entries that start with {@code prefix}. */
    public List<String> startingWith(String prefix) {
        return entries.stream().filter(e -> e.startsWith(prefix)).toList();
    }
}
