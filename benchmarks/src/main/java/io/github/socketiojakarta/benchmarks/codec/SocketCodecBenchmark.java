package io.github.socketiojakarta.benchmarks.codec;

import io.github.socketiojakarta.protocol.EncodedPacket;
import io.github.socketiojakarta.protocol.PacketDecoder;
import io.github.socketiojakarta.protocol.PacketEncoder;
import io.github.socketiojakarta.protocol.ParseException;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Socket.IO codec: text events and acks (the shapes of the load test's bench:msg and
 * bench:echo), and a binary event with one attachment, both ways.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SocketCodecBenchmark {
    /** The pad string of the event, and the size of the binary attachment. */
    @Param({"100", "4096"})
    public int pad;

    private SocketPacket.Event event;
    private SocketPacket.Ack ack;
    private SocketPacket.Event binaryEvent;
    private String eventText;
    private String ackText;
    private String binaryHeader;
    private byte[] attachment;
    private PacketDecoder decoder;

    @Setup
    public void setUp() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("t", 1732590000000L);
        message.put("i", 42);
        message.put("pad", "x".repeat(pad));
        event = new SocketPacket.Event("/", List.of("bench:msg", message));
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("seq", 12345L);
        echo.put("pad", "x".repeat(16));
        ack = new SocketPacket.Ack("/", List.of(echo), 12345);
        attachment = new byte[pad];
        binaryEvent = new SocketPacket.Event("/", List.of("upload", Map.of("name", "f"), attachment));
        eventText = PacketEncoder.encode(event).text();
        ackText = PacketEncoder.encode(ack).text();
        binaryHeader = PacketEncoder.encode(binaryEvent).text();
        decoder = new PacketDecoder();
    }

    @Benchmark
    public EncodedPacket encodeEvent() {
        return PacketEncoder.encode(event);
    }

    @Benchmark
    public EncodedPacket encodeAck() {
        return PacketEncoder.encode(ack);
    }

    @Benchmark
    public EncodedPacket encodeBinaryEvent() {
        return PacketEncoder.encode(binaryEvent);
    }

    @Benchmark
    public SocketPacket decodeEvent() throws ParseException {
        return decoder.decodeText(eventText);
    }

    @Benchmark
    public SocketPacket decodeAck() throws ParseException {
        return decoder.decodeText(ackText);
    }

    /** The header, then the attachment that completes the packet. */
    @Benchmark
    public SocketPacket decodeBinaryEvent() throws ParseException {
        decoder.decodeText(binaryHeader);
        return decoder.decodeBinary(attachment);
    }
}
