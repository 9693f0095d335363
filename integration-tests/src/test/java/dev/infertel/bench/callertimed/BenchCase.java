package dev.infertel.bench.callertimed;

import java.util.ArrayList;
import java.util.List;

/** One case of the caller-timed benchmark: which call, how many calls a second on each thread, how many threads. */
public record BenchCase(String method, int ratePerThread, int threads) {

    public BenchCase {
        if (!method.equals("plain") && !method.equals("stream")) {
            throw new IllegalArgumentException("method is plain or stream, not " + method);
        }
    }

    /** {@code plain-500-1t}: also the prefix of its threads' names, by which records are matched to calls. */
    public String name() {
        return method + "-" + ratePerThread + "-" + threads + "t";
    }

    public static BenchCase parse(String name) {
        String[] p = name.split("-");
        if (p.length != 3 || !p[2].endsWith("t")) {
            throw new IllegalArgumentException("a case is METHOD-RATE-THREADSt (plain-500-1t), not " + name);
        }
        return new BenchCase(p[0], Integer.parseInt(p[1]), Integer.parseInt(p[2].substring(0, p[2].length() - 1)));
    }

    /** The eight cases of issue 13, the faster rate first. */
    public static List<BenchCase> all() {
        List<BenchCase> cases = new ArrayList<>();
        for (int rate : new int[] {500, 50}) {
            for (int threads : new int[] {1, 8}) {
                for (String method : new String[] {"plain", "stream"}) {
                    cases.add(new BenchCase(method, rate, threads));
                }
            }
        }
        return cases;
    }
}
