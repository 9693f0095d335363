package dev.infertel.nvml;

/**
 * A request's share of the devices' energy: the integral of p(t) / n(t) over its window, where
 * n(t) counts the requests active at t. n(t) is a step function rebuilt from the
 * {@link RequestActivityLog}; between its steps the energy comes from {@link EnergyCurve}, so
 * the shares of all requests add up to the devices' energy over the busy period.
 */
final class EnergyAttribution {
    double prefillMj;
    double decodeMj;
    boolean complete;

    private final RequestActivityLog.Intervals others = new RequestActivityLog.Intervals();

    /**
     * @param split the first-token time inside [start, end], or -1 for no prefill/decode split;
     *              without a split everything is counted as decode
     */
    void attribute(RequestActivityLog activity, EnergyCurve curve, long token, long start, long split, long end) {
        others.clear();
        complete = activity.collectOverlaps(token, start, end, others);
        others.sort();
        long[] starts = others.starts;
        long[] ends = others.ends;
        int size = others.size;

        prefillMj = 0;
        decodeMj = 0;
        long position = start;
        double energyAtPosition = curve.at(start);
        int active = 1; // this request
        int i = 0;
        int j = 0;
        while (position < end) {
            long next = end;
            if (i < size && starts[i] < next) {
                next = starts[i];
            }
            if (j < size && ends[j] < next) {
                next = ends[j];
            }
            if (split > position && split < next) {
                next = split;
            }
            if (next > position) {
                double energyAtNext = curve.at(next);
                double share = (energyAtNext - energyAtPosition) / active;
                if (next <= split) {
                    prefillMj += share;
                } else {
                    decodeMj += share;
                }
                position = next;
                energyAtPosition = energyAtNext;
            }
            while (i < size && starts[i] == position) {
                active++;
                i++;
            }
            while (j < size && ends[j] == position) {
                active--;
                j++;
            }
        }
    }
}
