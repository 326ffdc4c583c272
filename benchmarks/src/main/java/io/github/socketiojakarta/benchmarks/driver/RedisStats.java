package io.github.socketiojakarta.benchmarks.driver;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Redis server did during a measurement, from {@code INFO all} read over a plain socket
 * before and after it: commands processed (and per command, from {@code commandstats}), bytes it
 * read ({@code total_net_input_bytes}) and wrote ({@code total_net_output_bytes}). The INFO
 * exchanges themselves are subtracted: {@link #begin()} reads INFO twice, and the difference
 * between those two readings (one INFO command in, one INFO reply out) is taken off the
 * measured difference. Not thread-safe; one connection, used by the scenario thread.
 */
final class RedisStats implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private Map<String, Long> base;
    private Map<String, Long> overhead;

    /** Connects to {@code redis://host:port} (or {@code host:port}). */
    RedisStats(String url) {
        URI uri = URI.create(url.contains("://") ? url : "redis://" + url);
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379),
                    5000);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("redis stats: cannot connect to " + url, e);
        }
    }

    /** Starts a measurement. */
    void begin() {
        Map<String, Long> first = info();
        base = info();
        overhead = minus(base, first);
    }

    /**
     * Ends the measurement begun last: the counters' differences with the INFO exchanges taken
     * off ({@code commands}, {@code netInputBytes}, {@code netOutputBytes}, and {@code cmd:<name>}
     * per command other than INFO).
     */
    Map<String, Long> end() {
        Map<String, Long> delta = minus(info(), base);
        Map<String, Long> m = new TreeMap<>();
        for (Map.Entry<String, Long> e : delta.entrySet()) {
            if (e.getKey().equals("cmd:info")) {
                continue;
            }
            long v = e.getValue() - overhead.getOrDefault(e.getKey(), 0L);
            if (v != 0 || !e.getKey().startsWith("cmd:")) {
                m.put(e.getKey(), v);
            }
        }
        return m;
    }

    private static Map<String, Long> minus(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : a.entrySet()) {
            m.put(e.getKey(), e.getValue() - b.getOrDefault(e.getKey(), 0L));
        }
        return m;
    }

    /** The counters of one {@code INFO all}. */
    private Map<String, Long> info() {
        String text;
        try {
            out.write("INFO all\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            text = bulk(in);
        } catch (IOException e) {
            throw new UncheckedIOException("redis stats: INFO failed", e);
        }
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : text.split("\r\n")) {
            if (line.startsWith("total_commands_processed:")) {
                m.put("commands", Long.parseLong(line.substring(line.indexOf(':') + 1)));
            } else if (line.startsWith("total_net_input_bytes:")) {
                m.put("netInputBytes", Long.parseLong(line.substring(line.indexOf(':') + 1)));
            } else if (line.startsWith("total_net_output_bytes:")) {
                m.put("netOutputBytes", Long.parseLong(line.substring(line.indexOf(':') + 1)));
            } else if (line.startsWith("cmdstat_")) {
                // cmdstat_publish:calls=12,usec=...
                int colon = line.indexOf(':');
                int calls = line.indexOf("calls=", colon);
                int comma = line.indexOf(',', calls);
                if (calls > 0 && comma > calls) {
                    m.put("cmd:" + line.substring("cmdstat_".length(), colon),
                            Long.parseLong(line.substring(calls + 6, comma)));
                }
            }
        }
        return m;
    }

    /** Reads one RESP bulk string reply. */
    private static String bulk(DataInputStream in) throws IOException {
        String header = line(in);
        if (!header.startsWith("$")) {
            throw new IOException("unexpected reply to INFO: " + header);
        }
        int len = Integer.parseInt(header.substring(1));
        byte[] body = new byte[len];
        in.readFully(body);
        line(in); // the CRLF after the body
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("redis closed the connection");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
