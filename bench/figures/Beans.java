import java.lang.management.*;
import javax.management.*;
import com.sun.management.GarbageCollectionNotificationInfo;
import javax.management.openmbean.CompositeData;
import java.util.*;
/** With argument "watch": does what dev.qcrawl.heap.HeapWatch.watchOldGeneration and watchCollections do (at ff9bdb4); else nothing. */
public class Beans {
    static long cpuNs() throws Exception {
        long t = 0;
        try (var d = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/proc/self/task"))) {
            for (var p : d) {
                try { t += Long.parseLong(java.nio.file.Files.readString(p.resolve("schedstat")).split(" ")[0]); } catch (java.io.IOException e) { }
            }
        }
        return t;
    }
    public static void main(String[] a) throws Exception {
        // what a crawl has loaded by then anyway: streams, lambdas, regex, Locale
        List<String> names = List.of("Tenured Gen", "Eden Space", "Survivor Space");
        String found = names.stream().filter(p -> p.toLowerCase(Locale.ROOT).matches(".*(old|tenured).*")).findFirst().orElse(null);
        Comparator<String> cmp = Comparator.comparingLong(String::length);
        cpuNs(); cpuNs();
        long t0 = cpuNs();
        if (a.length > 0 && a[0].equals("watch")) {
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported() && p.isValid()).toList();
            MemoryPoolMXBean old = heap.stream().filter(p -> p.getName().toLowerCase(Locale.ROOT).matches(".*(old|tenured).*"))
                .findFirst().orElse(null);
            old.setCollectionUsageThreshold((long) (old.getUsage().getMax() * 0.75));
            NotificationEmitter memory = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
            memory.addNotificationListener((n, h) -> {}, n -> MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType()), null);
            for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (c instanceof NotificationEmitter e) {
                    e.addNotificationListener((n, h) -> { var i = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo(); },
                        n -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()), null);
                }
            }
        }
        long t1 = cpuNs();
        System.out.println((t1 - t0) / 1000);
    }
}
