package io.github.socketiojakarta.engine.codec.websocket;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Records what a parser reports, as strings: "text:..", "binary:<hex>", "ping:<hex>", "close:code:reason". */
final class RecordingSink implements FrameParser.Sink {
    final List<String> events = new ArrayList<>();

    @Override
    public void onText(String text) {
        events.add("text:" + text);
    }

    @Override
    public void onBinary(byte[] data) {
        events.add("binary:" + HexFormat.of().formatHex(data));
    }

    @Override
    public void onPing(byte[] payload) {
        events.add("ping:" + HexFormat.of().formatHex(payload));
    }

    @Override
    public void onClose(int code, String reason) {
        events.add("close:" + code + ":" + reason);
    }
}
