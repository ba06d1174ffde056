package gateway.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The hosts a tenant's callbacks may go to ({@code gateway.tenants.<t>.callback-hosts}): host names, matched exactly
 * ({@code hooks.example.com}) or with their subdomains ({@code *.example.com}), and IP addresses or CIDR blocks
 * ({@code 10.1.2.3}, {@code 10.0.0.0/8}, {@code fd00::/8}), which match URLs whose host is an IP literal. A name is
 * never resolved here: listing a name trusts whoever runs its DNS, and a block admits only literal addresses.
 */
final class HostAllowList {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");
    private static final String LABEL = "[a-z0-9]([a-z0-9-]*[a-z0-9])?";
    private static final Pattern NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final String ANY_SUBDOMAIN = "*.";

    private final Set<String> names = new TreeSet<>();
    private final List<String> suffixes = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();

    private HostAllowList() {
    }

    /** The list, or null after adding to {@code problems} what is wrong with each bad entry. */
    static HostAllowList parse(List<String> entries, String key, List<String> problems) {
        HostAllowList list = new HostAllowList();
        int before = problems.size();
        for (String raw : entries) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (!list.add(entry)) {
                problems.add(key + " entry '" + raw.strip() + "' is neither a host name, *.<domain>, an IP address "
                        + "nor a CIDR block");
            }
        }
        return problems.size() > before ? null : list;
    }

    /** Whether a URL's host (as {@link java.net.URI#getHost()} gives it: IPv6 in brackets) is on the list. */
    boolean allows(String host) {
        String normalised = trimDot(host.toLowerCase(Locale.ROOT));
        byte[] address = literal(normalised);
        if (address != null) {
            return blocks.stream().anyMatch(block -> block.contains(address));
        }
        return names.contains(normalised) || suffixes.stream().anyMatch(normalised::endsWith);
    }

    private boolean add(String entry) {
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            return addBlock(literal(entry.substring(0, slash)), entry.substring(slash + 1));
        }
        byte[] address = literal(entry);
        if (address != null) {
            blocks.add(new Block(address, address.length * 8));
            return true;
        }
        if (entry.startsWith(ANY_SUBDOMAIN) && NAME.matcher(trimDot(entry.substring(2))).matches()) {
            suffixes.add("." + trimDot(entry.substring(2)));
            return true;
        }
        if (NAME.matcher(trimDot(entry)).matches()) {
            names.add(trimDot(entry));
            return true;
        }
        return false;
    }

    private boolean addBlock(byte[] address, String prefix) {
        if (address == null || !prefix.matches("\\d{1,3}") || Integer.parseInt(prefix) > address.length * 8) {
            return false;
        }
        blocks.add(new Block(address, Integer.parseInt(prefix)));
        return true;
    }

    /**
     * The bytes of an IP literal (IPv6 with or without brackets; IPv4-mapped IPv6 as IPv4), or null for anything
     * else: only strings that are literals reach {@link InetAddress}, so nothing is ever looked up.
     */
    private static byte[] literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean v4 = IPV4.matcher(bare).matches();
        boolean v6 = bare.indexOf(':') >= 0 && bare.indexOf('%') < 0 && bare.matches("[0-9a-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(bare).getAddress();
        } catch (UnknownHostException notAnAddress) {
            return null; // 300.1.1.1, 1:2:3:4:5:6:7:8:9
        }
    }

    private static String trimDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** An address block: the first {@code bits} bits of {@code address}. */
    private record Block(byte[] address, int bits) {

        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((candidate[bit / 8] & mask) != (address[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
