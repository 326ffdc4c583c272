package io.github.socketiojakarta.conformance;

import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.EngineListener;
import io.github.socketiojakarta.engine.EngineSession;
import io.github.socketiojakarta.engine.codec.EnginePacket;

/**
 * Echoes every Engine.IO message back on the same session: text as text, binary as binary.
 * Called as {@link EngineListener} says (one session's calls in order, never concurrently).
 */
public final class EchoListener implements EngineListener {
    @Override
    public void onOpen(EngineSession session) {}

    @Override
    public void onMessage(EngineSession session, String text) {
        session.send(EnginePacket.message(text));
    }

    @Override
    public void onBinary(EngineSession session, byte[] data) {
        session.send(EnginePacket.binary(data));
    }

    @Override
    public void onClose(EngineSession session, CloseReason reason) {}
}
