package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.Event;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The JSON of each of the eight standard events, exactly. */
class EventJsonTest {

    private static String json(Event event) throws Exception {
        return JsonText.compact(EventJson.toJson(event));
    }

    @Test
    void headerSync() throws Exception {
        assertThat(json(ToolFixtures.header(100)))
                .isEqualTo(
                        "{\"header\":[{\"status\":\"finalized\",\"blockHash\":\"0001abff\",\"blockNumber\":\"100\"}],\"version\":1}");
    }

    @Test
    void merkleSyncWithItsRecursiveTree() throws Exception {
        assertThat(json(ToolFixtures.merkle()))
                .isEqualTo("{\"snapshot\":{\"totalBlocks\":\"2\","
                        + "\"inChunkElems\":[\"0102\"],\"peaks\":[{\"left\":{\"root\":\"0a\",\"count\":1},"
                        + "\"right\":{\"root\":\"0a\",\"count\":1},\"root\":\"cd\",\"count\":2}]}}");
    }

    @Test
    void priorSync() throws Exception {
        assertThat(json(ToolFixtures.prior()))
                .isEqualTo("{\"priorsync\":{\"blocknumber\":\"41\",\"blockhash\":\"0001abff\"}}");
    }

    @Test
    void dataSync() throws Exception {
        assertThat(json(ToolFixtures.data()))
                .isEqualTo("{\"data\":[{\"blockNumber\":\"42\"}],\"taggedaccounts\":{\"accounts\":{\"0xabc\":true}}}");
    }

    @Test
    void accountSyncWithStructMetadataAndAnUnsignedNonce() throws Exception {
        assertThat(json(ToolFixtures.accounts()))
                .isEqualTo(
                        "{\"accounts\":[{\"address\":\"1234\",\"balance\":\"1000\","
                                + "\"nonce\":\"18446744073709551615\",\"metadata\":{\"label\":\"hot wallet\"}}],\"pageIndex\":3}");
    }

    @Test
    void singleReconciliation() throws Exception {
        assertThat(json(ToolFixtures.reconciliation()))
                .isEqualTo("{\"accountAddress\":\"0xaa\",\"oldBalance\":\"10\","
                        + "\"newBalance\":\"20\",\"nonce\":\"18446744073709551615\",\"timestamp\":\"1700000000000\"}");
    }

    @Test
    void reconciliationBatch() throws Exception {
        assertThat(json(ToolFixtures.batch()))
                .isEqualTo("{\"timestamp\":\"1700000000001\",\"accountCount\":2,"
                        + "\"accounts\":[{\"accountAddress\":\"0xbb\",\"newBalance\":\"30\",\"nonce\":\"7\"},"
                        + "{\"accountAddress\":\"0xcc\",\"newBalance\":\"40\",\"nonce\":\"8\"}]}");
    }

    @Test
    void potsBlockAsHexWithItsJsonText() throws Exception {
        String hex = HexFormat.of().formatHex("{\"block_number\":101}".getBytes(StandardCharsets.UTF_8));
        assertThat(json(ToolFixtures.block(101)))
                .isEqualTo("{\"blockNumber\":\"101\",\"timestamp\":\"1700000000002\","
                        + "\"blockDataBytes\":20,\"blockData\":\"" + hex
                        + "\",\"blockDataJson\":{\"block_number\":101}}");
    }

    @Test
    void potsBlockDataThatIsNotJsonIsHexOnly() throws Exception {
        Event binary = new io.rockwal.events.PoTSBlockEvent(
                io.rockwal.core.Operation.APPEND, -1L, ToolFixtures.bytes(0xc3, 0x28, 0x7b), 5);
        assertThat(json(binary))
                .isEqualTo(
                        "{\"blockNumber\":\"18446744073709551615\",\"timestamp\":\"5\",\"blockDataBytes\":3,\"blockData\":\"c3287b\"}");
        Event notJson = new io.rockwal.events.PoTSBlockEvent(
                io.rockwal.core.Operation.APPEND, 1, "{oops".getBytes(StandardCharsets.UTF_8), 5);
        assertThat(json(notJson)).doesNotContain("blockDataJson");
    }
}
