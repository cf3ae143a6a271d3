package io.rockwal.core;

import java.util.List;

/**
 * A node's own codecs, offered to programs that read its log without being built with its code: the
 * {@code rockwal} tool finds every provider on its class path through {@link java.util.ServiceLoader}
 * and adds their codecs to the standard catalogue, so that it decodes the node's types instead of
 * showing their payloads in hex.
 *
 * <p>To offer one, implement this interface in a public class with a public no-argument constructor
 * and name that class in the resource {@code META-INF/services/io.rockwal.core.EventCatalogProvider} of
 * the node's jar. The node can build the catalogue it opens its log with from the same list, so that
 * the tool and the node cannot disagree:
 *
 * <pre>{@code
 * public final class NodeEvents implements EventCatalogProvider {
 *     public List<EventCodec<?>> codecs() {
 *         return List.of(new PeerScoreCodec());   // ids 1000 and up, types of the node's own
 *     }
 * }
 *
 * EventCatalog catalog = StandardEvents.catalog().toBuilder()
 *         .add(new PeerScoreCodec())
 *         .build();
 * }</pre>
 *
 * <p>Loading a provider runs its constructor and {@link #codecs()} in the reading program; both should
 * only build codecs, without side effects.
 */
public interface EventCatalogProvider {

    /**
     * The codecs to add to the standard catalogue, with ids {@value EventCodec#FIRST_CUSTOM_ID} and up
     * (the ids below belong to rockwal's own codecs). Listing a standard codec instance too is harmless;
     * a codec whose id or event class and type another codec already has is refused by the reader, as
     * {@link EventCatalog.Builder#add} refuses it. Never null.
     */
    List<EventCodec<?>> codecs();
}
