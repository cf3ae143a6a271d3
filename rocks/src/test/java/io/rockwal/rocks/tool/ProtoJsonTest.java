package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.Value;
import io.rockwal.events.proto.Account;
import io.rockwal.events.proto.Header;
import io.rockwal.events.proto.NodeInfo;
import io.rockwal.events.proto.TaggedAccounts;
import org.junit.jupiter.api.Test;

/** Protobuf messages in the standard JSON mapping, with bytes as hex instead of base64. */
class ProtoJsonTest {

    private static String json(com.google.protobuf.Message message) throws Exception {
        return JsonText.compact(ProtoJson.toJson(message));
    }

    @Test
    void bytesFieldsAreLowercaseHexWithTheirLeadingZeros() throws Exception {
        Header header = Header.newBuilder()
                .setBlockHash(ByteString.copyFrom(ToolFixtures.bytes(0x00, 0x00, 0x0f, 0xa0)))
                .setPrevHash(ByteString.copyFrom(ToolFixtures.bytes(0xff)))
                .build();
        assertThat(json(header)).isEqualTo("{\"prevHash\":\"ff\",\"blockHash\":\"00000fa0\"}");
    }

    @Test
    void repeatedBytesAreAnArrayOfHex() throws Exception {
        NodeInfo node = NodeInfo.newBuilder()
                .addMultiaddrs(ByteString.copyFromUtf8("/ip4"))
                .addMultiaddrs(ByteString.EMPTY)
                .addCapabilities("sync")
                .build();
        assertThat(json(node)).isEqualTo("{\"multiaddrs\":[\"2f697034\",\"\"],\"capabilities\":[\"sync\"]}");
    }

    @Test
    void otherFieldsFollowTheStandardMapping() throws Exception {
        Header header = Header.newBuilder()
                .setBlockNumber(-1L)
                .setTimestamp(-5)
                .setProofHash("0x01")
                .setGasLimit(0)
                .build();
        assertThat(json(header))
                .isEqualTo("{\"proofHash\":\"0x01\",\"timestamp\":\"-5\",\"blockNumber\":\"18446744073709551615\"}");
    }

    @Test
    void structsAndMapsKeepTheirJsonForm() throws Exception {
        Account account = Account.newBuilder()
                .setMetadata(Struct.newBuilder()
                        .putFields("tier", Value.newBuilder().setNumberValue(2).build())
                        .putFields(
                                "tags",
                                Value.newBuilder()
                                        .setListValue(ListValue.newBuilder()
                                                .addValues(Value.newBuilder().setStringValue("a\"b")))
                                        .build())
                        .putFields(
                                "none", Value.newBuilder().setNullValueValue(0).build()))
                .build();
        assertThat(JsonText.parse(json(account)))
                .isEqualTo(JsonText.parse("{\"metadata\":{\"tier\":2.0,\"tags\":[\"a\\\"b\"],\"none\":null}}"));
        assertThat(json(TaggedAccounts.newBuilder().putAccounts("0xab", true).build()))
                .isEqualTo("{\"accounts\":{\"0xab\":true}}");
    }

    @Test
    void aBytesValueWrapperIsHexToo() throws Exception {
        assertThat(json(BytesValue.of(ByteString.copyFrom(ToolFixtures.bytes(0xde, 0xad)))))
                .isEqualTo("\"dead\"");
    }

    @Test
    void unknownFieldsAreShownAsTheirWireBytes() throws Exception {
        Header header = Header.newBuilder()
                .setStatus("ok")
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(
                                99,
                                UnknownFieldSet.Field.newBuilder().addVarint(5).build())
                        .build())
                .build();
        assertThat(json(header)).isEqualTo("{\"status\":\"ok\",\"@unknownFields\":\"980605\"}");
    }

    @Test
    void anEmptyMessageIsAnEmptyObject() throws Exception {
        assertThat(json(Header.getDefaultInstance())).isEqualTo("{}");
    }
}
