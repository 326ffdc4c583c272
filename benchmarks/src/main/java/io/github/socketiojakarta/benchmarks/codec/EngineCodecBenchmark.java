package io.github.socketiojakarta.benchmarks.codec;

import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EngineParseException;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.util.ArrayList;
import java.util.List;
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
 * The Engine.IO codec: one text message (what a WebSocket frame carries) and long-polling
 * payloads of several packets, text only or with a binary packet (base64 in the payload).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineCodecBenchmark {
    /** The Socket.IO text inside the message: a bench:msg event with this pad. */
    @Param({"100", "4096"})
    public int pad;

    /** Packets in a polling payload. */
    @Param({"10"})
    public int packets;

    private String messageText;
    private String messageFrame;
    private List<EnginePacket> textPayload;
    private List<EnginePacket> mixedPayload;
    private String textPayloadWire;
    private String mixedPayloadWire;

    @Setup
    public void setUp() {
        messageText = "2[\"bench:msg\",{\"t\":1732590000000,\"i\":42,\"pad\":\"" + "x".repeat(pad) + "\"}]";
        messageFrame = "4" + messageText;
        textPayload = new ArrayList<>();
        mixedPayload = new ArrayList<>();
        for (int i = 0; i < packets; i++) {
            textPayload.add(EnginePacket.message(messageText));
            mixedPayload.add(i % 2 == 0 ? EnginePacket.message(messageText)
                    : EnginePacket.binary(new byte[pad]));
        }
        textPayloadWire = EngineCodec.encodePayload(textPayload);
        mixedPayloadWire = EngineCodec.encodePayload(mixedPayload);
    }

    /** A fresh message each time (the wire form is cached per packet). */
    @Benchmark
    public String encodeTextMessage() {
        return EngineCodec.encodeText(EnginePacket.message(messageText));
    }

    @Benchmark
    public EnginePacket decodeTextMessage() throws EngineParseException {
        return EngineCodec.decodeText(messageFrame);
    }

    @Benchmark
    public byte[] encodePollingPayloadText() {
        return EngineCodec.encodePayloadBytes(textPayload);
    }

    @Benchmark
    public byte[] encodePollingPayloadWithBinary() {
        return EngineCodec.encodePayloadBytes(mixedPayload);
    }

    @Benchmark
    public List<EnginePacket> decodePollingPayloadText() throws EngineParseException {
        return EngineCodec.decodePayload(textPayloadWire, 100);
    }

    @Benchmark
    public List<EnginePacket> decodePollingPayloadWithBinary() throws EngineParseException {
        return EngineCodec.decodePayload(mixedPayloadWire, 100);
    }
}
