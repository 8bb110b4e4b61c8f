package dev.qcrawl.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Refuses requests to hosts at addresses it does not allow ({@code --exclude-private}), judged on the addresses
 * the connection is made to, not on the URL's text. {@code java.net.http} has no resolver hook, so the guard sits
 * in the JDK's own one: {@link Resolver}, installed as the {@link InetAddressResolverProvider} of the JVM (JEP
 * 418), drops every refused address from every name lookup while a guard is active, so a connection, whichever
 * redirect or DNS answer led to it, can only go to an allowed address. Addresses written in the URL (which the
 * JDK never looks up) and lookups cached before the guard was active are checked before each request
 * ({@link #refuses}).
 */
public final class AddressGuard {
    /** Allows every address: nothing is looked up or checked. */
    public static final AddressGuard OPEN = new AddressGuard(null);

    private static volatile Predicate<InetAddress> active;
    /** Names whose every address was refused: their lookups fail, and that is this guard's doing. */
    private static final Set<String> refusedNames = ConcurrentHashMap.newKeySet();

    private final Predicate<InetAddress> refused;

    AddressGuard(Predicate<InetAddress> refused) {
        this.refused = refused;
    }

    /** The guard of {@code --exclude-private}. */
    public static AddressGuard excludePrivate() {
        return new AddressGuard(PrivateAddresses::isPrivate);
    }

    /** Makes this guard the JVM's for name lookups, until {@link #release}. */
    void install() {
        if (refused != null) {
            active = refused;
        }
    }

    void release() {
        if (refused != null && active == refused) {
            active = null;
        }
    }

    /**
     * Whether a request to {@code host} must be refused: it resolves to a refused address (an address literal is
     * its own), or to none but refused ones. A name that does not resolve is left to the request, which fails as
     * usual.
     */
    boolean refuses(String host) {
        if (refused == null) {
            return false;
        }
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            for (InetAddress address : InetAddress.getAllByName(name)) {
                if (refused.test(address)) {
                    return true;
                }
            }
            return false;
        } catch (UnknownHostException e) {
            return refusedNames.contains(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** The JVM's name resolver: the JDK's own, with the active guard's refused addresses left out. */
    public static final class Provider extends InetAddressResolverProvider {
        @Override
        public InetAddressResolver get(Configuration configuration) {
            return new Resolver(configuration.builtinResolver());
        }

        @Override
        public String name() {
            return "qcrawl-address-guard";
        }
    }

    private record Resolver(InetAddressResolver builtin) implements InetAddressResolver {
        @Override
        public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
            Predicate<InetAddress> refused = active;
            Stream<InetAddress> all = builtin.lookupByName(host, policy);
            if (refused == null) {
                return all;
            }
            List<InetAddress> allowed = new ArrayList<>();
            all.forEach(a -> {
                if (!refused.test(a)) {
                    allowed.add(a);
                }
            });
            if (allowed.isEmpty()) {
                refusedNames.add(host.toLowerCase(java.util.Locale.ROOT));
                throw new UnknownHostException(host + ": refused address (--exclude-private)");
            }
            return allowed.stream();
        }

        @Override
        public String lookupByAddress(byte[] addr) throws UnknownHostException {
            return builtin.lookupByAddress(addr);
        }
    }
}
