package dev.aitoingest.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A size such as {@code 5MB}, {@code 512KB} or {@code 1000} (bytes); KB and MB are binary (1024). */
final class ByteSize implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        String text = value.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (String[] suffix : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
            if (text.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                text = text.substring(0, text.length() - suffix[0].length()).trim();
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(text), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TypeConversionException("expected a size such as 5MB, 512KB or 1000, not '" + value + "'");
        }
    }
}
