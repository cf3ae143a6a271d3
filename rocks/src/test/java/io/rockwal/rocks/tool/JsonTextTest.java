package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The tool's JSON text: the bytes Gson's writer gives under the tool's settings (ASCII only, no HTML
 * escaping, numbers as their text), and the strict parser; Gson's lenient parser as an independent reader.
 */
class JsonTextTest {

    private static JsonElement gson(String json) {
        return com.google.gson.JsonParser.parseString(json);
    }

    private static String compact(String text) {
        return JsonText.compact(new JsonPrimitive(text));
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertThat(compact("a\"b\\c/d")).isEqualTo("\"a\\\"b\\\\c/d\"");
        assertThat(compact("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(compact("\u0000\u0001\u001b\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001b\\u001f\\u007f\"");
    }

    @Test
    void htmlCharactersAreNotEscaped() {
        assertThat(compact("<a href='x'>&amp;=</a>")).isEqualTo("\"<a href='x'>&amp;=</a>\"");
    }

    @Test
    void everyNonAsciiCharacterIsEscapedSoTheOutputIsAscii() {
        String text = "é\u2028\u2029€\uD83D\uDE00\u4e2d";
        JsonObject object = new JsonObject();
        object.addProperty(text, text);
        String json = JsonText.compact(object);
        String escaped = "\"\\u00e9\\u2028\\u2029\\u20ac\\ud83d\\ude00\\u4e2d\"";
        assertThat(json).isEqualTo("{" + escaped + ":" + escaped + "}");
        assertThat(JsonText.pretty(object)).isEqualTo("{\n  " + escaped + ": " + escaped + "\n}");
        assertThat(json.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(gson(json).getAsJsonObject().get(text).getAsString()).isEqualTo(text);
        assertThat(JsonText.parse(json)).isEqualTo(object);
    }

    @Test
    void everyCharacterRoundTripsThroughGsonAndTheParser() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        String json = compact(all.toString());
        assertThat(json.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(gson(json).getAsString()).isEqualTo(all.toString());
        assertThat(JsonText.parse(json).getAsString()).isEqualTo(all.toString());
    }

    @Test
    void compactOutputIsOneLineAndPrettyOutputIsIndentedByTwo() {
        JsonArray list = new JsonArray();
        list.add(true);
        list.add(JsonNull.INSTANCE);
        list.add("x");
        JsonObject value = new JsonObject();
        value.addProperty("a", 1);
        value.add("b", list);
        value.add("c", new JsonObject());
        value.add("d", new JsonArray());
        value.addProperty("e", (String) null);
        assertThat(JsonText.compact(value)).isEqualTo("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{},\"d\":[],\"e\":null}");
        assertThat(JsonText.pretty(value)).isEqualTo("""
                {
                  "a": 1,
                  "b": [
                    true,
                    null,
                    "x"
                  ],
                  "c": {},
                  "d": [],
                  "e": null
                }""");
        assertThat(gson(JsonText.pretty(value))).isEqualTo(gson(JsonText.compact(value)));
    }

    @Test
    void numbersKeepEveryDigit() {
        JsonArray numbers = new JsonArray();
        numbers.add(Long.MIN_VALUE);
        numbers.add(Long.MAX_VALUE);
        numbers.add((1L << 53) + 1);
        numbers.add(new BigInteger("18446744073709551615"));
        numbers.add(new BigDecimal("0.1"));
        numbers.add(1.5e300);
        numbers.add(0.1);
        assertThat(JsonText.compact(numbers))
                .isEqualTo("[-9223372036854775808,9223372036854775807,9007199254740993,"
                        + "18446744073709551615,0.1,1.5E300,0.1]");
        String parsed = "[12345678901234567890123,1E-400,-0,0.10,-0.0e+7,9007199254740993]";
        assertThat(JsonText.compact(JsonText.parse(parsed))).isEqualTo(parsed);
        assertThat(JsonText.pretty(JsonText.parse("{\"n\": 18446744073709551616}")))
                .isEqualTo("{\n  \"n\": 18446744073709551616\n}");
    }

    @Test
    void numbersWithoutJsonFormAreRefused() {
        assertThatThrownBy(() -> JsonText.compact(new JsonPrimitive(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonText.compact(new JsonPrimitive(Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsAndMapsOfStringsAndNumbersBecomeTreesInTheirOrder() {
        assertThat(JsonText.compact(JsonText.tree(List.of(3L, 1L, Long.MAX_VALUE))))
                .isEqualTo("[3,1,9223372036854775807]");
        assertThat(JsonText.compact(JsonText.tree(List.of("b", "a")))).isEqualTo("[\"b\",\"a\"]");
        assertThat(JsonText.compact(JsonText.tree(new TreeMap<>(Map.of("z", 1L, "a", 2L)))))
                .isEqualTo("{\"a\":2,\"z\":1}");
    }

    @Test
    void theParserReadsWhatTheWriterWrites() {
        JsonArray list = new JsonArray();
        list.add(1);
        list.add(JsonNull.INSTANCE);
        list.add(false);
        JsonObject nested = new JsonObject();
        nested.addProperty("k", "v");
        JsonObject value = new JsonObject();
        value.addProperty("text", "quote \" slash \\ tab \t nul \u0000 snowman \u2603");
        value.add("list", list);
        value.add("nested", nested);
        assertThat(JsonText.parse(JsonText.compact(value))).isEqualTo(value);
        assertThat(JsonText.parse(JsonText.pretty(value))).isEqualTo(value);
    }

    @Test
    void theParserKeepsMemberOrderAndReadsEscapes() {
        JsonObject parsed = JsonText.parse(" {\"z\":1, \"a\":\"\\u0041\\/\\ud83d\\ude00\"} ")
                .getAsJsonObject();
        assertThat(parsed.keySet()).containsExactly("z", "a");
        assertThat(parsed.get("a").getAsString()).isEqualTo("A/\uD83D\uDE00");
    }

    @Test
    void theParserIsStrict() {
        for (String bad : List.of(
                "",
                "{",
                "[1,]",
                "{\"a\":1,}",
                "01",
                "1.",
                ".5",
                "-",
                "1e",
                "+1",
                "'a'",
                "{a:1}",
                "[1] 2",
                "\"tab\tin string\"",
                "\"nul\u0000\"",
                "\"\\'\"",
                "\"\\x\"",
                "\"\\u12\"",
                "tru",
                "nul",
                "{\"a\":1,\"a\":2}",
                "[{\"a\":{\"b\":1,\"b\":1}}]",
                "[1 2]",
                "/* c */ 1",
                "// c\n1",
                "NaN",
                "[Infinity]",
                ")]}'\n[]",
                "{} {}")) {
            assertThatThrownBy(() -> JsonText.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid JSON");
        }
    }

    @Test
    void theParserRefusesDeepNesting() {
        String deep = "[".repeat(JsonText.MAX_NESTING + 1) + "]".repeat(JsonText.MAX_NESTING + 1);
        assertThatThrownBy(() -> JsonText.parse(deep)).hasMessageStartingWith("invalid JSON: Nesting limit");
        String fine = "[".repeat(JsonText.MAX_NESTING) + "1" + "]".repeat(JsonText.MAX_NESTING);
        assertThat(JsonText.parse(fine).isJsonArray()).isTrue();
    }
}
