package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON writer and parser: escaping, layout, numbers, strictness; Gson as an independent reader. */
class JsonTest {

    private static JsonElement gson(String json) {
        return com.google.gson.JsonParser.parseString(json);
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertThat(Json.compact("a\"b\\c/d")).isEqualTo("\"a\\\"b\\\\c/d\"");
        assertThat(Json.compact("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(Json.compact("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\\u007f\"");
    }

    @Test
    void everyNonAsciiCharacterIsEscapedSoTheOutputIsAscii() {
        String text = "é\u2028\u2029€\uD83D\uDE00";
        String json = Json.compact(text);
        assertThat(json).isEqualTo("\"\\u00e9\\u2028\\u2029\\u20ac\\ud83d\\ude00\"");
        assertThat(json.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(gson(json).getAsString()).isEqualTo(text);
        assertThat(JsonParser.parse(json)).isEqualTo(text);
    }

    @Test
    void everyCharacterRoundTripsThroughGsonAndTheParser() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        String json = Json.compact(List.of(all.toString()));
        assertThat(gson(json).getAsJsonArray().get(0).getAsString()).isEqualTo(all.toString());
        assertThat(JsonParser.parse(json)).isEqualTo(List.of(all.toString()));
    }

    @Test
    void compactOutputIsOneLineAndPrettyOutputIsIndentedByTwo() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("a", 1);
        value.put("b", Arrays.asList(true, null, "x"));
        value.put("c", Map.of());
        value.put("d", List.of());
        assertThat(Json.compact(value)).isEqualTo("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{},\"d\":[]}");
        assertThat(Json.pretty(value)).isEqualTo("""
                {
                  "a": 1,
                  "b": [
                    true,
                    null,
                    "x"
                  ],
                  "c": {},
                  "d": []
                }""");
        assertThat(gson(Json.pretty(value))).isEqualTo(gson(Json.compact(value)));
    }

    @Test
    void numbersKeepEveryDigit() {
        List<Object> numbers = List.of(Long.MIN_VALUE, Long.MAX_VALUE, new BigInteger("18446744073709551615"),
                new BigDecimal("0.1"), 1.5e300, new JsonParser.JsonNumber("-0.0e+7"));
        assertThat(Json.compact(numbers))
                .isEqualTo("[-9223372036854775808,9223372036854775807,18446744073709551615,0.1,1.5E300,-0.0e+7]");
        assertThat(Json.compact(JsonParser.parse("[12345678901234567890123, 1E-400]")))
                .isEqualTo("[12345678901234567890123,1E-400]");
    }

    @Test
    void valuesWithoutJsonFormAreRefused() {
        assertThatThrownBy(() -> Json.compact(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.compact(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.compact(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.compact(Map.of(1, 2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theParserReadsWhatTheWriterWrites() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "quote \" slash \\ tab \t nul \u0000 snowman \u2603");
        value.put("list", new ArrayList<>(Arrays.asList(new JsonParser.JsonNumber("1"), null, false)));
        value.put("nested", new LinkedHashMap<>(Map.of("k", "v")));
        assertThat(JsonParser.parse(Json.compact(value))).isEqualTo(value);
        assertThat(JsonParser.parse(Json.pretty(value))).isEqualTo(value);
    }

    @Test
    void theParserKeepsMemberOrderAndReadsEscapes() {
        Object parsed = JsonParser.parse(" {\"z\":1, \"a\":\"\\u0041\\/\\ud83d\\ude00\"} ");
        assertThat(parsed).isInstanceOf(Map.class);
        assertThat(List.copyOf(((Map<?, ?>) parsed).keySet())).isEqualTo(List.of("z", "a"));
        assertThat(((Map<?, ?>) parsed).get("a")).isEqualTo("A/\uD83D\uDE00");
    }

    @Test
    void theParserIsStrict() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "'a'",
                "{a:1}", "[1] 2", "\"tab\tin string\"", "\"\\x\"", "\"\\u12\"", "tru", "nul", "{\"a\":1,\"a\":2}",
                "[1 2]", "/* c */ 1", "NaN")) {
            assertThatThrownBy(() -> JsonParser.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theParserRefusesDeepNesting() {
        String deep = "[".repeat(JsonParser.MAX_DEPTH + 2) + "]".repeat(JsonParser.MAX_DEPTH + 2);
        assertThatThrownBy(() -> JsonParser.parse(deep)).hasMessageContaining("nested deeper");
        String fine = "[".repeat(JsonParser.MAX_DEPTH) + "]".repeat(JsonParser.MAX_DEPTH);
        assertThat(JsonParser.parse(fine)).isInstanceOf(List.class);
    }
}
