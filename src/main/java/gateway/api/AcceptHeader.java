package gateway.api;

import java.util.List;
import java.util.Locale;

/**
 * Whether a request's {@code Accept} fields (RFC 9110 §12.5.1) admit {@code application/json}. Several fields form
 * one list; a range with {@code q=0} excludes; an element that is not a media range is skipped, so a field naming
 * nothing usable (say {@code ;;;}) admits nothing. No field, or only empty ones, admits everything.
 */
final class AcceptHeader {

    private AcceptHeader() {
    }

    static boolean admitsJson(List<String> fields) {
        if (fields == null || fields.stream().allMatch(String::isBlank)) {
            return true;
        }
        return fields.stream().flatMap(field -> List.of(field.split(",")).stream())
                .anyMatch(AcceptHeader::rangeAdmitsJson);
    }

    private static boolean rangeAdmitsJson(String element) {
        String[] parts = element.split(";", -1);
        String[] type = parts[0].strip().toLowerCase(Locale.ROOT).split("/", -1);
        if (type.length != 2 || !isToken(type[0]) || !isToken(type[1])) {
            return false;
        }
        boolean matches = type[0].equals("*") ? type[1].equals("*")
                : type[0].equals("application") && (type[1].equals("*") || type[1].equals("json"));
        return matches && weight(parts) > 0;
    }

    /** The range's {@code q} (1 when absent); a malformed weight reads as 0, excluding the range. */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].strip().split("=", 2);
            if (parameter[0].strip().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(parameter.length == 2 ? parameter[1].strip() : "");
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static boolean isToken(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
    }
}
