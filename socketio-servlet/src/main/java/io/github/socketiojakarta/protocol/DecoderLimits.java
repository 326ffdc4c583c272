package io.github.socketiojakarta.protocol;

import java.util.Objects;

/**
 * Bounds applied by a {@link PacketDecoder} to what a client sends.
 *
 * <p>Immutable; safe to share between threads and decoders.
 *
 * @param maxAttachments the highest attachment count a binary packet may announce (at least 1)
 * @param json the bounds for the packet's JSON payload
 */
public record DecoderLimits(int maxAttachments, JsonLimits json) {

    /** At most 10 attachments per packet (as the reference server), {@link JsonLimits#DEFAULT}. */
    public static final DecoderLimits DEFAULT = new DecoderLimits(10, JsonLimits.DEFAULT);

    /** Validates the bounds. */
    public DecoderLimits {
        if (maxAttachments < 1) {
            throw new IllegalArgumentException("maxAttachments must be at least 1: " + maxAttachments);
        }
        Objects.requireNonNull(json, "json");
    }
}
