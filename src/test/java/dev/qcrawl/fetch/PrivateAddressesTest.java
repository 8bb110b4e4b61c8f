package dev.qcrawl.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivateAddressesTest {
    /** Address literals only: nothing is looked up. */
    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, true", "127.255.0.9, true", "10.1.2.3, true", "172.16.0.1, true", "172.31.255.255, true",
        "172.32.0.1, false", "192.168.1.1, true", "169.254.169.254, true", "0.0.0.0, true", "0.1.2.3, true",
        "100.64.0.1, true", "100.128.0.1, false", "224.0.0.1, true", "255.255.255.255, true", "192.0.0.8, true",
        "8.8.8.8, false", "1.1.1.1, false", "192.0.2.1, false", "::1, true", "::, true", "fe80::1, true",
        "fc00::1, true", "fd12:3456::1, true", "::ffff:127.0.0.1, true", "::ffff:169.254.169.254, true",
        "::ffff:8.8.8.8, false", "::127.0.0.1, true", "64:ff9b::7f00:1, true", "64:ff9b::808:808, false",
        "2002:7f00:1::, true", "2002:a00:1::, true", "2002:808:808::, false", "2001:4860:4860::8888, false",
        "ff02::1, true",
    })
    void judgesAddresses(String literal, boolean isPrivate) throws UnknownHostException {
        assertEquals(isPrivate, PrivateAddresses.isPrivate(InetAddress.getByName(literal)), literal);
    }
}
