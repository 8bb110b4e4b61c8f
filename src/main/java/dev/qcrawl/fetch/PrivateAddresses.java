package dev.qcrawl.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The addresses {@code --exclude-private} refuses: loopback, private (RFC 1918, shared CGNAT space, IPv6 unique
 * local), link-local (169.254.0.0/16 with the cloud metadata address, fe80::/10), unspecified and "this network"
 * (0.0.0.0/8, ::), multicast and broadcast; and the same IPv4 addresses written inside IPv6 ones (mapped,
 * compatible, NAT64 64:ff9b::/96, 6to4 2002::/16).
 */
public final class PrivateAddresses {
    private PrivateAddresses() {
    }

    public static boolean isPrivate(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int a0 = b[0] & 0xff;
            int a1 = b[1] & 0xff;
            return a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 240 // this network, private, loopback, reserved
                    || (a0 == 100 && (a1 & 0xc0) == 64) // 100.64.0.0/10, shared address space
                    || (a0 == 169 && a1 == 254) || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)
                    || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0); // 192.0.0.0/24, protocol assignments
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7, unique local
            }
            if (zeros(b, 0, 10) && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
                return isPrivate(v4(b, 12)); // IPv4-compatible (::a.b.c.d) or mapped (::ffff:a.b.c.d)
            }
            if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && zeros(b, 4, 12)) {
                return isPrivate(v4(b, 12)); // NAT64
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return isPrivate(v4(b, 2)); // 6to4
            }
        }
        return false;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte[] b, int at) {
        try {
            return InetAddress.getByAddress(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
