package dev.aitoingest.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A CSV delimiter as typed on a command line: one character, or {@code tab} / {@code \t}. */
final class Delimiter implements ITypeConverter<Character> {

    @Override
    public Character convert(String value) {
        if (value.equalsIgnoreCase("tab") || value.equals("\\t")) {
            return '\t';
        }
        if (value.length() != 1 || ",;|\t".indexOf(value.charAt(0)) < 0) {
            throw new TypeConversionException("expected one of , ; | or tab, not '" + value + "'");
        }
        return value.charAt(0);
    }
}
