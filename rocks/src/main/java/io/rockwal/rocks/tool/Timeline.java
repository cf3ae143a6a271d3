package io.rockwal.rocks.tool;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLogReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The shape of a log for the overview page: its retained LSN range cut into equal buckets, with the
 * entries of each type in each bucket and the write time at each bucket's ends. Counts come from
 * {@link RocksEventLogReader#count(WalType, long, long)} (seeks and value headers) and times from one
 * point lookup per bucket boundary, so the cost grows with the number of buckets and types, not with
 * the store. Drawn as an SVG chart here, server side, so the page needs no script library.
 */
final class Timeline {

    /** Buckets unless asked otherwise. */
    static final int DEFAULT_BUCKETS = 60;
    /** The most buckets one timeline has. */
    static final int MAX_BUCKETS = 400;

    /** Colours for types in the order the store lists them; repeats past the eighth. */
    private static final String[] COLOURS = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f"
    };

    /**
     * One bucket: LSNs {@code [fromLsn, toLsn]}, written from {@code fromMillis} to {@code toMillis}
     * (0 when the boundary entry could not be read), and the entries of each type in it.
     */
    record Bucket(long fromLsn, long toLsn, long fromMillis, long toMillis, long[] counts) {}

    private final List<WalType> types;
    private final List<Bucket> buckets;

    private Timeline(List<WalType> types, List<Bucket> buckets) {
        this.types = types;
        this.buckets = buckets;
    }

    /** The timeline of what the reader shows now, in at most {@code wanted} buckets. */
    static Timeline of(RocksEventLogReader reader, int wanted) {
        LsnMetadata state = reader.metadata();
        List<WalType> types = reader.types();
        List<Bucket> buckets = new ArrayList<>();
        if (!state.isEmpty()) {
            long first = state.firstRetainedLsn();
            long last = state.lastFlushedLsn();
            long span = last - first + 1;
            int count = (int) Math.min(wanted, span);
            long previousMillis = timeOf(reader, first);
            long from = first;
            for (int i = 1; i <= count; i++) {
                long to = i == count ? last : first + span * i / count - 1;
                long[] counts = new long[types.size()];
                for (int t = 0; t < types.size(); t++) {
                    counts[t] = reader.count(types.get(t), from, to);
                }
                long toMillis = timeOf(reader, to);
                buckets.add(new Bucket(from, to, previousMillis, toMillis, counts));
                previousMillis = toMillis;
                from = to + 1;
            }
        }
        return new Timeline(types, buckets);
    }

    private static long timeOf(RocksEventLogReader reader, long lsn) {
        Optional<WalEntry> entry = reader.get(lsn);
        return entry.map(WalEntry::timestampMillis).orElse(0L);
    }

    /** The buckets as JSON, for {@code /api/timeline}. */
    JsonObject toJson() {
        JsonObject json = new JsonObject();
        JsonArray typeNames = new JsonArray(types.size());
        types.forEach(type -> typeNames.add(type.name()));
        json.add("types", typeNames);
        JsonArray rows = new JsonArray(buckets.size());
        for (Bucket bucket : buckets) {
            JsonObject row = new JsonObject();
            row.addProperty("fromLsn", bucket.fromLsn());
            row.addProperty("toLsn", bucket.toLsn());
            row.addProperty("fromMillis", bucket.fromMillis());
            row.addProperty("toMillis", bucket.toMillis());
            JsonObject counts = new JsonObject();
            for (int t = 0; t < types.size(); t++) {
                counts.addProperty(types.get(t).name(), bucket.counts()[t]);
            }
            row.add("counts", counts);
            rows.add(row);
        }
        json.add("buckets", rows);
        return json;
    }

    /**
     * A stacked bar chart: entries per type per bucket, against LSN ({@code byTime} false: equal
     * widths) or against write time ({@code byTime}: each bucket as wide as the time it spanned, its
     * height the entries per second, so phases, bursts and pauses show). Every text is escaped.
     */
    String svg(boolean byTime) {
        int width = 960;
        int height = 300;
        int left = 60;
        int right = 170;
        int top = 16;
        int bottom = 40;
        int plotWidth = width - left - right;
        int plotHeight = height - top - bottom;
        StringBuilder svg = new StringBuilder(16_384);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(byTime ? "entries per second over time" : "entries per type over LSN")
                .append("\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.append("<rect x=\"0\" y=\"0\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" fill=\"#ffffff\"/>");
        if (buckets.isEmpty()) {
            svg.append("<text x=\"")
                    .append(width / 2)
                    .append("\" y=\"")
                    .append(height / 2)
                    .append("\" text-anchor=\"middle\">no entry retained</text></svg>");
            return svg.toString();
        }
        double startX;
        double endX;
        double[] values = new double[buckets.size()];
        double[] x0 = new double[buckets.size()];
        double[] x1 = new double[buckets.size()];
        long firstMillis = buckets.get(0).fromMillis();
        long lastMillis = buckets.get(buckets.size() - 1).toMillis();
        boolean timed = byTime && firstMillis > 0 && lastMillis > firstMillis;
        if (timed) {
            startX = firstMillis;
            endX = lastMillis;
        } else {
            startX = buckets.get(0).fromLsn();
            endX = buckets.get(buckets.size() - 1).toLsn() + 1;
        }
        double max = 0;
        long[] totals = new long[buckets.size()];
        for (int i = 0; i < buckets.size(); i++) {
            Bucket bucket = buckets.get(i);
            long total = java.util.Arrays.stream(bucket.counts()).sum();
            totals[i] = total;
            if (timed) {
                x0[i] = Math.max(startX, (double) bucket.fromMillis());
                x1[i] = Math.max(x0[i], (double) bucket.toMillis());
                double seconds = Math.max(0.001, (x1[i] - x0[i]) / 1000.0);
                values[i] = total / seconds;
            } else {
                x0[i] = bucket.fromLsn();
                x1[i] = bucket.toLsn() + 1;
                values[i] = total;
            }
            max = Math.max(max, values[i]);
        }
        max = Math.max(max, 1);
        double scaleX = plotWidth / Math.max(1e-9, endX - startX);
        for (int i = 0; i < buckets.size(); i++) {
            Bucket bucket = buckets.get(i);
            long total = totals[i];
            double x = left + (x0[i] - startX) * scaleX;
            double w = Math.max(0.5, (x1[i] - x0[i]) * scaleX - (timed ? 0 : 0.5));
            double y = top + plotHeight;
            for (int t = 0; t < types.size(); t++) {
                long c = bucket.counts()[t];
                if (c == 0 || total == 0) {
                    continue;
                }
                double h = values[i] / max * plotHeight * c / total;
                y -= h;
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"><title>",
                        x,
                        y,
                        w,
                        h,
                        COLOURS[t % COLOURS.length]));
                escape(
                        types.get(t).name() + ": " + c + " entries, LSNs " + bucket.fromLsn() + ".." + bucket.toLsn(),
                        svg);
                svg.append("</title></rect>");
            }
        }
        // axes and labels
        svg.append("<line x1=\"")
                .append(left)
                .append("\" y1=\"")
                .append(top + plotHeight)
                .append("\" x2=\"")
                .append(left + plotWidth)
                .append("\" y2=\"")
                .append(top + plotHeight)
                .append("\" stroke=\"#333\"/>");
        svg.append("<line x1=\"")
                .append(left)
                .append("\" y1=\"")
                .append(top)
                .append("\" x2=\"")
                .append(left)
                .append("\" y2=\"")
                .append(top + plotHeight)
                .append("\" stroke=\"#333\"/>");
        label(svg, left - 4, top + 10, "end", String.format(Locale.ROOT, timed ? "%,.0f/s" : "%,.0f", max));
        label(svg, left - 4, top + plotHeight, "end", "0");
        String startLabel = timed ? EntryJson.iso((long) startX) : "LSN " + (long) startX;
        String endLabel = timed ? EntryJson.iso((long) endX) : "LSN " + ((long) endX - 1);
        label(svg, left, top + plotHeight + 16, "start", startLabel);
        label(svg, left + plotWidth, top + plotHeight + 16, "end", endLabel);
        label(
                svg,
                left + plotWidth / 2,
                top + plotHeight + 32,
                "middle",
                timed ? "write time (bar height: entries per second)" : "LSN (bar height: entries per bucket)");
        for (int t = 0; t < types.size(); t++) {
            int y = top + 12 + t * 18;
            svg.append("<rect x=\"")
                    .append(left + plotWidth + 16)
                    .append("\" y=\"")
                    .append(y - 10)
                    .append("\" width=\"12\" height=\"12\" fill=\"")
                    .append(COLOURS[t % COLOURS.length])
                    .append("\"/>");
            label(svg, left + plotWidth + 34, y, "start", types.get(t).name());
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static void label(StringBuilder svg, int x, int y, String anchor, String text) {
        svg.append("<text x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" text-anchor=\"")
                .append(anchor)
                .append("\">");
        escape(text, svg);
        svg.append("</text>");
    }

    /** XML text and attribute escaping: the five special characters, control characters dropped. */
    static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
    }
}
