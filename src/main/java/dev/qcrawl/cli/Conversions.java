package dev.qcrawl.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for qcrawl's option types, with error messages that name the valid choices. Public: other
 * tools built on qcrawl's packages may parse the same values.
 */
public final class Conversions {
    private Conversions() {
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");

    /** {@code 500ms}, {@code 1.5s}, {@code 2m}; a bare number is seconds. */
    public static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("expected a duration such as 30, 1.5s, 500ms or 2m but was '" + value + "'");
            }
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double nanos = switch (unit) {
                case "ms" -> amount * 1e6;
                case "m" -> amount * 60e9;
                case "h" -> amount * 3600e9;
                default -> amount * 1e9;
            };
            if (nanos > 365 * 24 * 3600e9) {
                throw new TypeConversionException("duration too long: '" + value + "'");
            }
            return Duration.ofNanos((long) nanos);
        }
    }

    /** {@code 10MiB}, {@code 512k}, {@code 1048576}: binary units, a bare number is bytes. */
    public static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("expected a size such as 10MiB, 512k or 1048576 but was '" + value + "'");
            }
            long amount;
            try {
                amount = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("size too large: '" + value + "'");
            }
            String unit = m.group(2) == null ? "b" : m.group(2);
            long factor = switch (unit.charAt(0)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                case 'g' -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            try {
                return Math.multiplyExact(amount, factor);
            } catch (ArithmeticException e) {
                throw new TypeConversionException("size too large: '" + value + "'");
            }
        }
    }

    /** Case-insensitive enum names, listed in lower case when the value is not one of them. */
    public abstract static class LowerCaseEnum<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        LowerCaseEnum(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(value.trim())) {
                    return constant;
                }
            }
            throw new TypeConversionException("expected one of " + choices() + " but was '" + value + "'");
        }

        private String choices() {
            return Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
    }

    public static final class QueueConverter extends LowerCaseEnum<dev.qcrawl.frontier.QueueType> {
        public QueueConverter() {
            super(dev.qcrawl.frontier.QueueType.class);
        }
    }

    public static final class ScopeConverter extends LowerCaseEnum<dev.qcrawl.links.Scope> {
        public ScopeConverter() {
            super(dev.qcrawl.links.Scope.class);
        }
    }

    public static final class FormatConverter extends LowerCaseEnum<dev.qcrawl.report.Format> {
        public FormatConverter() {
            super(dev.qcrawl.report.Format.class);
        }
    }
}
