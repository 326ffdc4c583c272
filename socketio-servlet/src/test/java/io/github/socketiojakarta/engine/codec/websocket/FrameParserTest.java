package io.github.socketiojakarta.engine.codec.websocket;

import static io.github.socketiojakarta.engine.codec.websocket.ClientFrames.concat;
import static io.github.socketiojakarta.engine.codec.websocket.ClientFrames.frame;
import static io.github.socketiojakarta.engine.codec.websocket.ClientFrames.raw;
import static io.github.socketiojakarta.engine.codec.websocket.ClientFrames.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server-side frame parser, fed exact bytes; each rule of RFC 6455 it enforces. */
class FrameParserTest {
    private static final int LIMIT = 100_000;
    private static final byte[] EURO = "\u20ac".getBytes(StandardCharsets.UTF_8); // 3 bytes

    private final RecordingSink sink = new RecordingSink();

    private List<String> parse(byte[] input) throws FrameException {
        new FrameParser(LIMIT).feed(input, 0, input.length, sink);
        return sink.events;
    }

    private int failure(byte[] input) {
        FrameParser parser = new FrameParser(LIMIT);
        try {
            parser.feed(input, 0, input.length, sink);
        } catch (FrameException e) {
            assertThat(parser.done()).isTrue();
            return e.closeCode();
        }
        throw new AssertionError("no error; events " + sink.events);
    }

    /** A conversation with every kind of frame, a fragmented message and a split character. */
    private static byte[] conversation() {
        byte[] euroText = concat("a".getBytes(StandardCharsets.UTF_8), EURO);
        return concat(
                text("hello"),
                frame(false, Frames.TEXT, Arrays.copyOfRange(euroText, 0, 2)), // a + 1st byte
                frame(true, Frames.PING, new byte[] {1, 2}), // between fragments
                frame(false, Frames.CONTINUATION, Arrays.copyOfRange(euroText, 2, 3)),
                frame(true, Frames.PONG, new byte[] {9}), // unsolicited: ignored
                frame(true, Frames.CONTINUATION, Arrays.copyOfRange(euroText, 3, 4)),
                frame(true, Frames.BINARY, new byte[] {0, (byte) 0xFF}),
                frame(true, Frames.TEXT, new byte[0]),
                ClientFrames.close(1000, "bye".getBytes(StandardCharsets.UTF_8)),
                text("after the close: ignored"));
    }

    private static final List<String> CONVERSATION = List.of("text:hello", "ping:0102",
            "text:a\u20ac", "binary:00ff", "text:", "close:1000:bye");

    @Test
    void conversationInOneChunk() throws FrameException {
        assertThat(parse(conversation())).isEqualTo(CONVERSATION);
    }

    @Test
    void conversationSplitAtEveryOffset() throws FrameException {
        byte[] input = conversation();
        for (int cut = 0; cut <= input.length; cut++) {
            RecordingSink s = new RecordingSink();
            FrameParser parser = new FrameParser(LIMIT);
            parser.feed(input, 0, cut, s);
            parser.feed(input, cut, input.length - cut, s);
            assertThat(s.events).as("cut at %d", cut).isEqualTo(CONVERSATION);
            assertThat(parser.done()).isTrue();
        }
    }

    @Test
    void conversationByteByByte() throws FrameException {
        byte[] input = conversation();
        FrameParser parser = new FrameParser(LIMIT);
        for (int i = 0; i < input.length; i++) {
            parser.feed(input, i, 1, sink);
        }
        assertThat(sink.events).isEqualTo(CONVERSATION);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 70_000})
    void everyLengthFormRoundTrips(int length) throws FrameException {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31);
        }
        assertThat(parse(frame(true, Frames.BINARY, payload))).hasSize(1);
        assertThat(sink.events.get(0)).isEqualTo(
                "binary:" + java.util.HexFormat.of().formatHex(payload));
        // the server's own frame: shortest length form, unmasked
        byte[] server = Frames.frame(Frames.BINARY, payload);
        int header = length <= 125 ? 2 : length <= 65535 ? 4 : 10;
        assertThat(server.length).isEqualTo(header + length);
        assertThat(server[0]).isEqualTo((byte) 0x82);
        assertThat(server[1] & 0x80).isZero();
        assertThat(Arrays.copyOfRange(server, header, server.length)).isEqualTo(payload);
    }

    @Test
    void sixtyFourBitFormOfASmallLengthIsAccepted() throws FrameException {
        byte[] input = raw(0x81, true, "hi".getBytes(StandardCharsets.UTF_8), 7, true);
        assertThat(parse(input)).containsExactly("text:hi");
    }

    // ---------------------------------------------------------------- 1002

    @Test
    void unmaskedClientFrame() {
        assertThat(failure(raw(0x81, false, new byte[] {'x'}, 0, false))).isEqualTo(1002);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x40, 0x20, 0x10})
    void rsvBitSet(int rsv) {
        assertThat(failure(raw(0x81 | rsv, true, new byte[] {'x'}, 1, false))).isEqualTo(1002);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void unknownOpcode(int opcode) {
        assertThat(failure(frame(true, opcode, new byte[0]))).isEqualTo(1002);
    }

    @ParameterizedTest
    @ValueSource(ints = {Frames.PING, Frames.PONG, Frames.CLOSE})
    void controlFrameOver125Bytes(int opcode) {
        assertThat(failure(frame(true, opcode, new byte[126]))).isEqualTo(1002);
    }

    @ParameterizedTest
    @ValueSource(ints = {Frames.PING, Frames.PONG, Frames.CLOSE})
    void fragmentedControlFrame(int opcode) {
        assertThat(failure(frame(false, opcode, new byte[0]))).isEqualTo(1002);
    }

    @Test
    void continuationWithNothingStarted() {
        assertThat(failure(frame(true, Frames.CONTINUATION, new byte[] {'x'}))).isEqualTo(1002);
    }

    @ParameterizedTest
    @ValueSource(ints = {Frames.TEXT, Frames.BINARY})
    void newMessageInsideAFragmentedOne(int opcode) {
        byte[] input = concat(frame(false, Frames.TEXT, new byte[] {'a'}),
                frame(true, opcode, new byte[] {'b'}));
        assertThat(failure(input)).isEqualTo(1002);
    }

    @Test
    void sixtyFourBitLengthWithTheTopBitSet() {
        byte[] input = {(byte) 0x82, (byte) (0x80 | 127), (byte) 0x80, 0, 0, 0, 0, 0, 0, 1};
        assertThat(failure(input)).isEqualTo(1002);
    }

    @Test
    void closeFrameWithOneByte() {
        assertThat(failure(frame(true, Frames.CLOSE, new byte[] {3}))).isEqualTo(1002);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void closeCodeThatMayNotBeSent(int code) {
        assertThat(failure(ClientFrames.close(code, new byte[0]))).isEqualTo(1002);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1014, 3000, 4999})
    void closeCodeThatMayBeSent(int code) throws FrameException {
        assertThat(parse(ClientFrames.close(code, new byte[0])))
                .containsExactly("close:" + code + ":");
    }

    @Test
    void emptyCloseFrameHasNoStatus() throws FrameException {
        assertThat(parse(frame(true, Frames.CLOSE, new byte[0])))
                .containsExactly("close:1005:");
    }

    // ---------------------------------------------------------------- 1007

    @Test
    void invalidUtf8Text() {
        assertThat(failure(frame(true, Frames.TEXT, new byte[] {'a', (byte) 0xC0, (byte) 0x80})))
                .isEqualTo(1007);
    }

    @Test
    void characterCutShortAtTheEndOfAFragmentedMessage() {
        byte[] input = concat(frame(false, Frames.TEXT, new byte[] {'a'}),
                frame(true, Frames.CONTINUATION, Arrays.copyOf(EURO, 2)));
        assertThat(failure(input)).isEqualTo(1007);
    }

    @Test
    void invalidUtf8InAFirstFragmentFailsBeforeTheMessageEnds() {
        // no final fragment follows: the bad bytes alone end the connection
        assertThat(failure(frame(false, Frames.TEXT, new byte[] {'a', (byte) 0xFF, 'b'})))
                .isEqualTo(1007);
    }

    @Test
    void characterBrokenByTheNextFragmentFailsThere() {
        // a 3-byte lead at a fragment's end is fine; a next fragment that does not continue it
        // fails at once, with no final fragment
        byte[] input = concat(frame(false, Frames.TEXT, new byte[] {'a', EURO[0]}),
                frame(false, Frames.CONTINUATION, new byte[] {'b', 'c'}));
        assertThat(failure(input)).isEqualTo(1007);
        assertThat(sink.events).isEmpty();
    }

    @Test
    void leadByteWithAnImpossibleSecondByteFailsAtItsFragment() {
        // F4 90: above U+10FFFF whatever follows
        assertThat(failure(frame(false, Frames.TEXT, new byte[] {(byte) 0xF4, (byte) 0x90})))
                .isEqualTo(1007);
    }

    @Test
    void characterSpreadOverThreeFragmentsStillPasses() throws FrameException {
        byte[] emoji = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8); // 4 bytes
        byte[] input = concat(frame(false, Frames.TEXT, new byte[] {'x', emoji[0]}),
                frame(false, Frames.CONTINUATION, new byte[] {emoji[1], emoji[2]}),
                frame(true, Frames.CONTINUATION, new byte[] {emoji[3], 'y'}));
        assertThat(parse(input)).containsExactly("text:x\uD83D\uDE00y");
    }

    @Test
    void invalidUtf8CloseReason() {
        assertThat(failure(ClientFrames.close(1000, new byte[] {(byte) 0xFF}))).isEqualTo(1007);
    }

    @Test
    void binaryIsNotChecked() throws FrameException {
        assertThat(parse(frame(true, Frames.BINARY, new byte[] {(byte) 0xFF})))
                .containsExactly("binary:ff");
    }

    // ---------------------------------------------------------------- 1009

    @Test
    void messageAtTheLimitPassesOneByteMoreFails() throws FrameException {
        FrameParser parser = new FrameParser(10);
        byte[] ten = frame(true, Frames.BINARY, new byte[10]);
        parser.feed(ten, 0, ten.length, sink);
        assertThat(sink.events).hasSize(1);
        byte[] eleven = frame(true, Frames.BINARY, new byte[11]);
        // the header alone is enough to refuse it: no byte of the payload is needed
        assertThatThrownBy(() -> parser.feed(eleven, 0, 6, sink))
                .isInstanceOf(FrameException.class)
                .extracting(e -> ((FrameException) e).closeCode()).isEqualTo(1009);
    }

    @Test
    void fragmentsAddUpOverTheLimit() {
        FrameParser parser = new FrameParser(10);
        byte[] input = concat(frame(false, Frames.TEXT, new byte[] {'a', 'b', 'c', 'd', 'e', 'f'}),
                frame(true, Frames.CONTINUATION, new byte[] {'g', 'h', 'i', 'j', 'k'}));
        assertThatThrownBy(() -> parser.feed(input, 0, input.length, sink))
                .extracting(e -> ((FrameException) e).closeCode()).isEqualTo(1009);
        assertThat(sink.events).isEmpty();
    }

    @Test
    void hugeDeclaredLengthIsRefusedWithoutAllocating() {
        byte[] header = {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 0, 1, 0, 0, 0, 0};
        assertThat(failure(header)).isEqualTo(1009);
    }

    // ---------------------------------------------------------------- after the end

    @Test
    void inputAfterAnErrorIsIgnored() {
        FrameParser parser = new FrameParser(LIMIT);
        byte[] bad = raw(0x81, false, new byte[] {'x'}, 0, false);
        assertThatThrownBy(() -> parser.feed(bad, 0, bad.length, sink))
                .isInstanceOf(FrameException.class);
        byte[] good = text("later");
        org.assertj.core.api.Assertions.assertThatCode(
                () -> parser.feed(good, 0, good.length, sink)).doesNotThrowAnyException();
        assertThat(sink.events).isEmpty();
    }

    @Test
    void closeReasonIsEncodedAndCutAtACharacter() {
        byte[] frame = Frames.close(1001, "\u20ac".repeat(50)); // 150 bytes of reason
        assertThat(frame[0]).isEqualTo((byte) 0x88);
        int len = frame[1];
        assertThat(len).isLessThanOrEqualTo(125);
        assertThat((len - 2) % 3).isZero();
        assertThat(((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF)).isEqualTo(1001);
        assertThat(Frames.close(Frames.NO_STATUS, "x")).containsExactly(0x88, 0);
    }
}
