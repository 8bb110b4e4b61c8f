package dev.qcrawl.redis;

import dev.qcrawl.crawl.StateUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Opens the client of a shared crawl as it is deployed: plain or TLS (the server's CA from a PEM file, else the
 * JVM's trust store, and the host name checked against the certificate), a password or an ACL user, and names what
 * went wrong when it cannot: refused, wrong password, untrusted certificate. No message holds the password.
 */
final class ServerConnection {
    private ServerConnection() {
    }

    /**
     * A client for {@code address}, checked with a PING.
     *
     * @param cacert the PEM file of the CA that signed the server's certificate, or null for the JVM's trust store
     * @throws StateUnavailableException if the server cannot be reached or refuses the credentials
     * @throws IllegalArgumentException  if {@code cacert} cannot be read
     */
    static UnifiedJedis open(RedisAddress address, Path cacert, int connections) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().connectionTimeoutMillis(2000)
                .socketTimeoutMillis(5000).database(address.database()).clientName("qcrawl");
        if (address.user() != null) {
            config.user(address.user());
        }
        if (address.password() != null) {
            config.password(address.password());
        }
        if (address.tls()) {
            SSLParameters checkHost = new SSLParameters();
            checkHost.setEndpointIdentificationAlgorithm("HTTPS");
            config.ssl(true).sslSocketFactory(tlsContext(cacert).getSocketFactory()).sslParameters(checkHost);
        } else if (cacert != null) {
            throw new IllegalArgumentException("--frontier-cacert goes with a rediss:// (TLS) --frontier");
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(connections);
        pool.setMaxIdle(connections);
        pool.setMaxWait(Duration.ofSeconds(10));
        RedisClient client = RedisClient.builder().hostAndPort(new HostAndPort(bare(address.host()), address.port()))
                .clientConfig(config.build()).poolConfig(pool).build();
        boolean cluster;
        try {
            client.ping();
            cluster = client.info("cluster").contains("cluster_enabled:1");
        } catch (JedisException e) {
            client.close();
            throw failure(address, e);
        }
        if (!cluster) {
            return client;
        }
        // A node of a Redis Cluster: the client learns the cluster from it, follows MOVED and ASK, and after a
        // failover finds the new primary, retrying for a bounded time.
        client.close();
        UnifiedJedis nodes = RedisClusterClient.builder()
                .nodes(Set.of(new HostAndPort(bare(address.host()), address.port()))).clientConfig(config.build())
                .poolConfig(pool).maxAttempts(CLUSTER_ATTEMPTS).maxTotalRetriesDuration(CLUSTER_RETRIES).build();
        try {
            nodes.ping();
        } catch (JedisException e) {
            nodes.close();
            throw failure(address, e);
        }
        return nodes;
    }

    /** Attempts of one command on a cluster, and the time they may take: a failover takes a few seconds. */
    static final int CLUSTER_ATTEMPTS = 40;
    static final Duration CLUSTER_RETRIES = Duration.ofSeconds(30);

    /** {@code [::1]} as a socket wants it. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static SSLContext tlsContext(Path cacert) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (cacert == null) {
                trust.init((KeyStore) null); // the JVM's own trust store
            } else {
                Collection<? extends Certificate> certificates;
                try (InputStream in = Files.newInputStream(cacert)) {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certificates.isEmpty()) {
                    throw new CertificateException("no certificate in it");
                }
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int n = 0;
                for (Certificate c : certificates) {
                    store.setCertificateEntry("ca-" + n++, c);
                }
                trust.init(store);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--frontier-cacert: cannot read a PEM certificate from " + cacert
                    + " (" + e.getMessage() + ")");
        }
    }

    /**
     * What a failed command means for the user, in one line: as {@link #failure}, and for an error reply to a
     * command once connected, which of the server's refusals it is, or that the crawl's keys are not as qcrawl keeps
     * them.
     */
    static StateUnavailableException commandFailure(RedisAddress address, JedisException e) {
        String reply = String.valueOf(e.getMessage());
        if (!(e instanceof JedisDataException) || e instanceof JedisAccessControlException
                || reply.startsWith("NOAUTH") || reply.startsWith("NOPERM")) {
            return failure(address, e);
        }
        String message; // what the crawl holds is kept: it resumes once the server takes the command
        if (reply.startsWith("OOM")) {
            message = address + " is out of memory (maxmemory) and refused a write: give it more memory, or free "
                    + "some (" + reply + ")";
        } else if (reply.startsWith("MISCONF") || reply.startsWith("READONLY") || reply.startsWith("NOREPLICAS")
                || reply.startsWith("MASTERDOWN") || reply.startsWith("LOADING") || reply.startsWith("BUSY")) {
            message = address + " refused a command: " + reply;
        } else {
            return keysLost(address, reply, e);
        }
        return new StateUnavailableException(message, e);
    }

    /** The crawl's keys are gone or broken: nothing to resume; {@code detail} says how it showed. */
    static StateUnavailableException keysLost(RedisAddress address, String detail, Throwable cause) {
        return new StateUnavailableException(address + ": the shared crawl's keys are not as qcrawl keeps them"
                + " (removed by FLUSHALL or a server restarted empty, or evicted under maxmemory: give the crawl's Redis"
                + " maxmemory-policy noeviction); start the crawl again under a new --crawl-id (" + detail + ")", cause,
                false);
    }

    /**
     * What a failure to talk to the server means for the user, in one line. Classified by exception type; Redis
     * itself types its errors by their first word (NOAUTH, WRONGPASS).
     */
    static StateUnavailableException failure(RedisAddress address, JedisException e) {
        String message;
        if (e instanceof JedisDataException && String.valueOf(e.getMessage()).startsWith("NOAUTH")) {
            message = address + " needs a password: give it in the URL (redis://:PASSWORD@HOST:PORT) or in "
                    + RedisAddress.PASSWORD_VARIABLE;
        } else if (String.valueOf(e.getMessage()).startsWith("NOPERM")) {
            message = address + " refused a command qcrawl needs" + (address.user() == null ? ""
                    : " to user " + address.user()) + " (give it every command on the crawl's keys): " + e.getMessage();
        } else if (e instanceof JedisAccessControlException) {
            message = address + " refused the password" + (address.user() == null ? "" : " of user " + address.user());
        } else if (e instanceof JedisDataException) {
            message = address + " refused the connection: " + e.getMessage();
        } else if (cause(e, CertPathValidatorException.class) != null
                || cause(e, java.security.cert.CertPathBuilderException.class) != null) {
            message = "the TLS certificate of " + address + " is not trusted: give the CA that signed it with "
                    + "--frontier-cacert FILE";
        } else if (cause(e, CertificateException.class) != null) {
            message = "the TLS certificate of " + address + " does not match: "
                    + cause(e, CertificateException.class).getMessage();
        } else if (cause(e, SSLHandshakeException.class) != null) {
            message = "TLS with " + address + " failed: " + cause(e, SSLHandshakeException.class).getMessage();
        } else if (cause(e, ConnectException.class) != null) {
            message = address + " is unreachable: connection refused";
        } else if (cause(e, UnknownHostException.class) != null) {
            message = address + " is unreachable: unknown host";
        } else {
            message = address + " is unreachable: " + e.getMessage() + schemeHint(address, e);
        }
        return new StateUnavailableException(message, e);
    }

    /**
     * A word on the scheme when the failure looks like TLS spoken to a plain port (no answer to the handshake) or
     * plain TCP to a TLS port (the server drops the connection): the two fail without saying so.
     */
    private static String schemeHint(RedisAddress address, JedisException e) {
        String all = String.valueOf(e.getMessage());
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            all += " " + t;
        }
        if (address.tls() && (cause(e, java.net.SocketTimeoutException.class) != null
                || cause(e, javax.net.ssl.SSLException.class) != null)) {
            return " (rediss:// speaks TLS: is this the server's --tls-port?)";
        }
        if (!address.tls() && (all.contains("Connection reset") || all.contains("end of stream"))) {
            return " (redis:// speaks plain TCP: if this port wants TLS, give rediss://)";
        }
        return "";
    }

    /** The first exception of {@code type} among the causes of {@code e} and the ones they suppressed. */
    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            for (Throwable suppressed : t.getSuppressed()) { // Jedis keeps each address's failure this way
                T found = cause(suppressed, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
