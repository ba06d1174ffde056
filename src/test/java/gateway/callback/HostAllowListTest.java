package gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostAllowListTest {

    private static final HostAllowList LIST = parse(List.of("hooks.example.com", "*.internal.example", "10.0.0.0/8",
            "192.168.1.7", "fd00::/8", " Upper.Example.COM "));

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "hooks.example.com, true", "HOOKS.example.com., true", "upper.example.com, true",
            "evil.hooks.example.com, false", "example.com, false", "hooks.example.com.evil.org, false",
            "a.internal.example, true", "a.b.internal.example, true", "internal.example, false",
            "xinternal.example, false",
            "10.1.2.3, true", "11.1.2.3, false", "192.168.1.7, true", "192.168.1.8, false",
            "[fd12::1], true", "[fe80::1], false", "[::ffff:10.9.9.9], true",
            "localhost, false", "127.0.0.1, false" })
    void matchesNamesExactlyOrBySuffixAndAddressLiteralsByBlock(String host, boolean allowed) {
        assertThat(LIST.allows(host)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @ValueSource(strings = { "ten.0.0.0/8", "10.0.0.0/33", "10.0.0.0/", "fd00::/129", "*.", "a..b", "-a.example",
            "http://hooks.example.com", "hooks.example.com:8080", "300.1.1.1/8" })
    void refusesAnEntryThatIsNoHostNameAddressOrBlock(String entry) {
        List<String> problems = new ArrayList<>();

        assertThat(HostAllowList.parse(List.of("hooks.example.com", entry), "gateway.tenants.t.callback-hosts",
                problems)).isNull();

        assertThat(problems).singleElement().asString().contains("gateway.tenants.t.callback-hosts")
                .contains(entry.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.0.0.0/0", "127.0.0.1", "::1", "[::1]" })
    void takesLiteralsAndTheWholeSpace(String entry) {
        assertThat(HostAllowList.parse(List.of(entry), "key", new ArrayList<>())).isNotNull();
    }

    private static HostAllowList parse(List<String> entries) {
        List<String> problems = new ArrayList<>();
        HostAllowList list = HostAllowList.parse(entries, "key", problems);
        assertThat(problems).isEmpty();
        return list;
    }
}
