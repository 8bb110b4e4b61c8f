package dev.qcrawl.links;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeTest {

    @ParameterizedTest(name = "{0} from {1}: {2}")
    @CsvSource({
        "host,   http://www.example.com/,      http://www.example.com/a,          true",
        "host,   http://www.example.com/,      http://WWW.EXAMPLE.COM:80/a,       true",
        "host,   http://www.example.com/,      https://www.example.com/a,         false",
        "host,   http://www.example.com/,      http://www.example.com:8080/a,     false",
        "host,   http://127.0.0.1:8000/,       http://localhost:8000/,            false",
        "domain, http://www.example.com/,      http://blog.example.com/a,         true",
        "domain, http://www.example.com/,      https://example.com/a,             true",
        "domain, http://www.example.com/,      http://www.example.org/a,          false",
        "domain, http://a.example.co.uk/,      http://b.example.co.uk/,           true",
        "domain, http://a.example.co.uk/,      http://other.co.uk/,               false",
        "domain, http://127.0.0.1:8000/,       http://127.0.0.1:9000/,            true",
        "domain, http://127.0.0.1:8000/,       http://127.0.0.2:8000/,            false",
        "domain, http://wiki.corp.internal/,   http://docs.corp.internal/a,       true",
        "domain, http://wiki.corp.internal/,   http://corp.internal/,             true",
        "domain, http://wiki.corp.internal/,   http://wiki.other.internal/,       false",
        "domain, http://a.b.site.test:8000/,   http://site.test:9000/,            true",
        "domain, http://printer.lan/,          http://nas.lan/,                   false",
        "domain, http://www.example.com./,     http://blog.example.com/,          true",
        "domain, http://example.co.uk/,        http://co.uk/,                     false",
        "domain, http://localhost:8000/,       http://localhost:9000/,            true",
        "domain, http://localhost:8000/,       http://a.localhost/,               false",
        "any,    http://www.example.com/,      http://elsewhere.test/,            true",
    })
    void decidesWhatIsFetched(String scope, String start, String url, boolean inside) {
        Scope.Rule rule = Scope.valueOf(scope.toUpperCase(java.util.Locale.ROOT)).around(URI.create(start));
        assertEquals(inside, rule.contains(URI.create(url)));
    }
}
