package dev.qcrawl.fetch;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's default TLS context, loaded at the first https connection instead of when the HTTP client is built.
 * {@link java.net.http.HttpClient} builds its context eagerly, which costs a third of a second of class loading
 * and trust-store reading at start-up, wasted on a crawl of plain http. Every call is delegated to
 * {@link SSLContext#getDefault()}, so certificate checks are exactly the JDK's (trust store, hostname
 * verification, which the client turns on itself).
 */
final class LazyTls extends SSLContextSpi {
    private volatile SSLContext delegate;

    /** A context for the client; pair it with {@link #parameters()} so the client does not ask for defaults. */
    static SSLContext context() {
        return new SSLContext(new LazyTls(), null, "TLS") {
        };
    }

    /** Empty parameters: the engine keeps the default protocols and cipher suites. */
    static SSLParameters parameters() {
        return new SSLParameters();
    }

    private SSLContext delegate() {
        SSLContext d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    try {
                        d = SSLContext.getDefault();
                    } catch (NoSuchAlgorithmException e) {
                        throw new IllegalStateException("no default TLS context: " + e.getMessage(), e);
                    }
                    delegate = d;
                }
            }
        }
        return d;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
        throw new KeyManagementException("the default TLS context is already initialized");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return delegate().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return delegate().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return delegate().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return delegate().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return delegate().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return delegate().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return delegate().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return delegate().getSupportedSSLParameters();
    }
}
