package dev.qcrawl.crawl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walk mode's guarantee that each (URL, depth) is expanded once: a job of depth d is expanded only when no job
 * of a smaller depth is left (queued, in flight or parked), because only then has all the weight for it
 * arrived. A job taken earlier is parked - it stays in its node's waiting set and keeps absorbing weight - and
 * is put back in the frontier when the depths below it drain. Without this, weight arriving after a job was
 * taken would need a second job, and such splits compound level after level. Storage grows with the depths in
 * use, not with {@code --max-depth}.
 */
final class Levels {
    private long[] live = new long[16];
    private final Map<Integer, List<Job>> parked = new HashMap<>();
    private int lowest = 1;

    synchronized void created(int depth) {
        if (depth >= live.length) {
            live = Arrays.copyOf(live, Math.max(depth + 1, live.length * 2));
        }
        live[depth]++;
    }

    /** Whether a job of this depth may be expanded now. */
    synchronized boolean ready(int depth) {
        return depth <= lowest;
    }

    /** Parks the job unless it is ready; returns true if parked. */
    synchronized boolean parkUnlessReady(Job job) {
        if (job.depth() <= lowest) {
            return false;
        }
        parked.computeIfAbsent(job.depth(), d -> new ArrayList<>()).add(job);
        return true;
    }

    /** Records that a job of this depth was expanded; returns the parked jobs that have become ready. */
    synchronized List<Job> finished(int depth) {
        live[depth]--;
        if (depth != lowest || live[depth] > 0) {
            return List.of();
        }
        while (lowest < live.length - 1 && live[lowest] == 0) {
            lowest++;
        }
        List<Job> ready = parked.remove(lowest);
        return ready == null ? List.of() : ready;
    }
}
