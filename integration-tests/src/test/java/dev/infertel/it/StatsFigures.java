package dev.infertel.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stats figures worked out independently of the agent's code, from record JSON: nearest-rank
 * percentiles, the gap histogram decoded with the schema's bucket formula, sums and ratios.
 */
final class StatsFigures {

    static final double H100_FLOPS = 989.4e12;
    static final double H100_BYTES_PER_S = 3350e9;

    private StatsFigures() {
    }

    static Double nearestRank(List<Double> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(1, rank) - 1);
    }

    /** The midpoint of bucket {@code b} in ms, by the schema's formula for sub_bucket_bits = 7. */
    static double bucketMidpointMs(int b) {
        if (b < 256) {
            return b / 1e6;
        }
        int s = b / 128 - 1;
        long lowest = (long) (b - s * 128) << s;
        return (lowest + ((1L << s) - 1) / 2.0) / 1e6;
    }

    /** Nearest-rank percentile over all gaps of the records' itl_hist. */
    static Double itlPercentile(List<JsonNode> records, double p) {
        TreeMap<Integer, Long> counts = new TreeMap<>();
        long total = 0;
        for (JsonNode r : records) {
            JsonNode h = r.path("itl_hist");
            if (h.isMissingNode()) {
                continue;
            }
            for (int i = 0; i < h.path("buckets").size(); i++) {
                counts.merge(h.path("buckets").get(i).asInt(), h.path("counts").get(i).asLong(), Long::sum);
                total += h.path("counts").get(i).asLong();
            }
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return bucketMidpointMs(e.getKey());
            }
        }
        throw new AssertionError();
    }

    static long gaps(List<JsonNode> records) {
        long total = 0;
        for (JsonNode r : records) {
            for (JsonNode c : r.path("itl_hist").path("counts")) {
                total += c.asLong();
            }
        }
        return total;
    }

    static List<Double> values(List<JsonNode> records, String field) {
        List<Double> out = new ArrayList<>();
        for (JsonNode r : records) {
            if (r.hasNonNull(field)) {
                out.add(r.get(field).asDouble());
            }
        }
        return out;
    }

    static double sum(List<JsonNode> records, String field) {
        return values(records, field).stream().mapToDouble(Double::doubleValue).sum();
    }
}
