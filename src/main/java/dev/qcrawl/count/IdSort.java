package dev.qcrawl.count;

/** Sorts ids by a comparator of ints, without boxing them: a merge sort, stable, with one scratch array. */
final class IdSort {
    @FunctionalInterface
    interface IdOrder {
        int compare(int a, int b);
    }

    private IdSort() {
    }

    static void sort(int[] ids, IdOrder order) {
        if (ids.length < 2) {
            return;
        }
        int[] scratch = new int[ids.length];
        int[] from = ids;
        int[] to = scratch;
        for (int width = 1; width < ids.length; width *= 2) {
            for (int lo = 0; lo < ids.length; lo += 2 * width) {
                int mid = Math.min(lo + width, ids.length);
                int hi = Math.min(lo + 2 * width, ids.length);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    to[k++] = order.compare(from[j], from[i]) < 0 ? from[j++] : from[i++];
                }
                while (i < mid) {
                    to[k++] = from[i++];
                }
                while (j < hi) {
                    to[k++] = from[j++];
                }
            }
            int[] t = from;
            from = to;
            to = t;
        }
        if (from != ids) {
            System.arraycopy(from, 0, ids, 0, ids.length);
        }
    }
}
