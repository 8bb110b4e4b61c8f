package dev.qcrawl.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qcrawl.check.CheckStore;
import dev.qcrawl.check.Verdict;
import dev.qcrawl.crawl.PageNotes;
import dev.qcrawl.fetch.Outcome;
import dev.qcrawl.links.PageLinks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A link check shared by the processes of a crawl ({@link CheckStore}), in five hashes per partition beside the
 * crawl's keys (in its hash tag, a URL in the partition of the crawl's own node for it): {@code notes} (page URL ->
 * what the check reads from the page: resources, fragment links, ids), {@code served} (URL -> where the page it
 * redirected to was served), {@code left} (URL -> where its redirect led out of the crawl), {@code checks} (URL ->
 * outcome: {@code v} and the verdict as JSON, or {@code @} and the URL whose verdict it shares) and
 * {@code checking} (URL -> {@code DEADLINE TOKEN}: the live claim of a process to check it). Written only when a
 * check is asked for, by their own commands and scripts ({@code check_claim.lua}, {@code check_settle.lua}); the
 * crawl's own scripts do not see them.
 */
public final class SharedChecks implements CheckStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** URLs given to one script at a time: a script holds Redis while it runs. */
    private static final int PER_CALL = 1000;
    private static final int SCAN_COUNT = 1000;

    /** One script of the check and the SHA-1 Redis knows it by. */
    private enum Lua {
        CHECK_CLAIM, CHECK_SETTLE;

        final String source = resource(name().toLowerCase(java.util.Locale.ROOT));
        final String sha = Scripts.sha1(source);
    }

    /** A verdict as stored. */
    private record StoredVerdict(Integer s, String t, String e, Set<String> i) {
    }

    /** A page's notes as stored (its {@code <a href>} links are the crawl's graph's). */
    private record StoredPage(List<String> r, List<List<String>> f, Set<String> i) {
    }

    private final UnifiedJedis redis;
    private final Function<String, Scripts> partOf;
    private final Supplier<List<Scripts>> parts;
    private final long leaseMs;
    /** This process's name in its claims. */
    private final String token = UUID.randomUUID().toString();

    /**
     * @param partOf  the partition of a URL (as the crawl's own)
     * @param parts   every partition
     * @param leaseMs how long a claim to check a URL holds
     */
    SharedChecks(UnifiedJedis redis, Function<String, Scripts> partOf, Supplier<List<Scripts>> parts, long leaseMs) {
        this.redis = redis;
        this.partOf = partOf;
        this.parts = parts;
        this.leaseMs = leaseMs;
    }

    @Override
    public PageNotes notes() {
        return new PageNotes() {
            @Override
            public boolean wanted() {
                return true;
            }

            @Override
            public void page(String url, String finalUrl, PageLinks page) {
                String notes = encode(page);
                Scripts part = partOf.apply(url);
                part.call(() -> redis.hset(key(part, "notes"), url, notes));
                if (!finalUrl.equals(url)) {
                    Scripts there = partOf.apply(finalUrl);
                    there.call(() -> redis.hsetnx(key(there, "notes"), finalUrl, notes));
                    part.call(() -> redis.hset(key(part, "served"), url, finalUrl));
                }
            }

            @Override
            public void redirected(String url, String finalUrl) {
                if (!finalUrl.equals(url)) {
                    copy(url, finalUrl);
                    Scripts part = partOf.apply(url);
                    part.call(() -> redis.hset(key(part, "served"), url, finalUrl));
                }
            }

            @Override
            public void copy(String url, String from) {
                if (from.equals(url)) {
                    return;
                }
                Scripts there = partOf.apply(from);
                String notes = there.call(() -> redis.hget(key(there, "notes"), from));
                if (notes != null) {
                    Scripts part = partOf.apply(url);
                    part.call(() -> redis.hsetnx(key(part, "notes"), url, notes));
                }
            }

            @Override
            public void leftCrawl(String url, String target) {
                Scripts part = partOf.apply(url);
                part.call(() -> redis.hset(key(part, "left"), url, target));
            }
        };
    }

    @Override
    public Map<String, String> servedAt() {
        Map<String, String> served = new HashMap<>();
        scan("served", served::put);
        return served;
    }

    @Override
    public Map<String, String> leftCrawl() {
        Map<String, String> left = new HashMap<>();
        scan("left", left::put);
        return left;
    }

    @Override
    public Map<String, PageLinks> pages() {
        Map<String, PageLinks> pages = new HashMap<>();
        scan("notes", (url, notes) -> pages.put(url, decodePage(notes)));
        return pages;
    }

    /** Hands on every field and value of the hash {@code name} in every partition, a piece at a time. */
    private void scan(String name, java.util.function.BiConsumer<String, String> each) {
        ScanParams piece = new ScanParams().count(SCAN_COUNT);
        for (Scripts part : parts.get()) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                String at = cursor;
                ScanResult<Map.Entry<String, String>> page = part.call(() -> redis.hscan(key(part, name), at, piece));
                page.getResult().forEach(e -> each.accept(e.getKey(), e.getValue()));
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
    }

    @Override
    public Map<String, PageLinks> pages(Collection<String> urls) {
        return read("notes", urls, SharedChecks::decodePage);
    }

    @Override
    public List<Claim> claim(List<String> urls) {
        Map<String, Claim> answers = new HashMap<>();
        for (Map.Entry<Scripts, List<String>> piece : byPart(urls)) {
            Scripts part = piece.getKey();
            List<String> some = piece.getValue();
            List<String> args = new ArrayList<>(some.size() + 2);
            args.add(String.valueOf(leaseMs));
            args.add(token);
            args.addAll(some);
            List<?> out = (List<?>) run(part, Lua.CHECK_CLAIM, args);
            for (int i = 0; i < some.size(); i++) {
                String answer = (String) out.get(i);
                answers.put(some.get(i), switch (answer) {
                    case "mine" -> Claim.MINE;
                    case "busy" -> Claim.BUSY;
                    default -> new Claim.Done(decode(answer.substring(1)));
                });
            }
        }
        List<Claim> claims = new ArrayList<>(urls.size());
        urls.forEach(url -> claims.add(answers.get(url)));
        return claims;
    }

    @Override
    public Map<String, Entry> settle(Map<String, Entry> outcomes) {
        Map<String, Entry> stored = new HashMap<>();
        for (Map.Entry<Scripts, List<String>> piece : byPart(outcomes.keySet())) {
            Scripts part = piece.getKey();
            List<String> some = piece.getValue();
            List<String> args = new ArrayList<>(2 * some.size());
            for (String url : some) {
                args.add(url);
                args.add(encode(outcomes.get(url)));
            }
            List<?> out = (List<?>) run(part, Lua.CHECK_SETTLE, args);
            for (int i = 0; i < some.size(); i++) {
                stored.put(some.get(i), decode((String) out.get(i)));
            }
        }
        return stored;
    }

    @Override
    public Map<String, Entry> read(Collection<String> urls) {
        return read("checks", urls, SharedChecks::decode);
    }

    /** The stored values of those of {@code urls} that have one in each partition's hash {@code name}, decoded. */
    private <T> Map<String, T> read(String name, Collection<String> urls,
            java.util.function.Function<String, T> decode) {
        Map<String, T> stored = new HashMap<>();
        for (Map.Entry<Scripts, List<String>> piece : byPart(urls)) {
            Scripts part = piece.getKey();
            List<String> some = piece.getValue();
            List<String> values = part.call(() -> redis.hmget(key(part, name), some.toArray(String[]::new)));
            for (int i = 0; i < some.size(); i++) {
                if (values.get(i) != null) {
                    stored.put(some.get(i), decode.apply(values.get(i)));
                }
            }
        }
        return stored;
    }

    /** The URLs by partition, in pieces of at most {@value #PER_CALL}, each URL once. */
    private List<Map.Entry<Scripts, List<String>>> byPart(Collection<String> urls) {
        Map<Scripts, List<String>> grouped = new LinkedHashMap<>();
        for (String url : new LinkedHashSet<>(urls)) {
            grouped.computeIfAbsent(partOf.apply(url), p -> new ArrayList<>()).add(url);
        }
        List<Map.Entry<Scripts, List<String>>> pieces = new ArrayList<>();
        grouped.forEach((part, all) -> {
            for (int from = 0; from < all.size(); from += PER_CALL) {
                pieces.add(Map.entry(part, all.subList(from, Math.min(all.size(), from + PER_CALL))));
            }
        });
        return pieces;
    }

    private Object run(Scripts part, Lua lua, List<String> args) {
        List<String> keys = List.of(key(part, "checks"), key(part, "checking"));
        return part.call(() -> {
            try {
                return redis.evalsha(lua.sha, keys, args);
            } catch (JedisNoScriptException e) {
                redis.scriptLoad(lua.source, keys.getFirst());
                return redis.evalsha(lua.sha, keys, args);
            }
        });
    }

    private static String key(Scripts part, String name) {
        return part.keys().prefix() + name;
    }

    static String encode(Entry entry) {
        if (entry.sameAs() != null) {
            return "@" + entry.sameAs();
        }
        Verdict v = entry.verdict();
        return "v" + json(new StoredVerdict(v.status(), v.contentType(), v.error() == null ? null : v.error().name(),
                v.ids()));
    }

    static Entry decode(String stored) {
        if (stored.startsWith("@")) {
            return new Entry(null, stored.substring(1));
        }
        StoredVerdict s = parse(stored.substring(1), StoredVerdict.class);
        return new Entry(new Verdict(s.s(), s.t(), s.e() == null ? null : Outcome.valueOf(s.e()),
                s.i() == null ? null : Set.copyOf(s.i()), true), null);
    }

    static String encode(PageLinks page) {
        List<List<String>> fragments = new ArrayList<>(page.fragments().size());
        page.fragments().forEach(f -> fragments.add(List.of(f.url(), f.fragment())));
        return json(new StoredPage(page.resources(), fragments, page.ids()));
    }

    static PageLinks decodePage(String stored) {
        StoredPage s = parse(stored, StoredPage.class);
        List<PageLinks.FragmentLink> fragments = new ArrayList<>(s.f().size());
        s.f().forEach(f -> fragments.add(new PageLinks.FragmentLink(f.get(0), f.get(1))));
        return new PageLinks(List.of(), List.copyOf(s.r()), List.copyOf(fragments), Set.copyOf(s.i()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = SharedChecks.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
