package io.github.socketiojakarta.engine.binding;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.util.List;

/**
 * One pending long-polling GET, as the container binding holds it and hands it to
 * {@link PollingLink#onPoll}. The engine answers it exactly
 * once, with packets or an error; the binding writes the answer without blocking.
 *
 * <p>Implementations must be safe to call from any thread, once.
 */
public interface PollExchange {

    /** Answers 200 with the packets as one polling payload, then completes the request. */
    void send(List<EnginePacket> packets);

    /**
     * Answers 200 with a payload the engine encoded itself (the payloads of Engine.IO v3
     * sessions), with exactly this {@code Content-Type}, then completes the request.
     */
    void sendBody(byte[] body, String contentType);

    /** Answers with an Engine.IO error (status and JSON body), then completes the request. */
    void fail(EngineError error);
}
