package dev.aitoingest.template;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The code the template must agree with: the functions' configuration and their main sources. */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("aito.repository-dir", "../.."));
    static final Path SHARED_CONFIG = Path.of("functions/services/src/main/resources/META-INF/microprofile-config.properties");
    /** The modules whose code runs in a function: its own, the shared wiring and the domain. */
    static final List<String> SHARED_MODULES = List.of("functions/services", "functions/core");
    /** An environment variable in a property value: {@code ${NAME}} or {@code ${NAME:default}}. */
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");

    /** One environment variable a function's configuration reads, and whether it has a default. */
    record EnvVariable(String name, boolean hasDefault) {
    }

    private Repository() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A function module's production configuration: the shared file overridden by its application.properties. */
    static Map<String, String> config(String module) {
        Map<String, String> config = new LinkedHashMap<>(productionProperties(SHARED_CONFIG));
        config.putAll(productionProperties(Path.of(module, "src/main/resources/application.properties")));
        return config;
    }

    private static Map<String, String> productionProperties(Path relative) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path(relative.toString()))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> production = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(key -> !key.startsWith("%")).sorted()
                .forEach(key -> production.put(key, properties.getProperty(key)));
        return production;
    }

    /** The environment variables a configuration reads, by name. */
    static Map<String, EnvVariable> environmentVariables(Map<String, String> config) {
        Map<String, EnvVariable> variables = new LinkedHashMap<>();
        for (String value : config.values()) {
            Matcher matcher = ENV_REFERENCE.matcher(value);
            while (matcher.find()) {
                variables.put(matcher.group(1), new EnvVariable(matcher.group(1), matcher.group(2) != null));
            }
        }
        return variables;
    }

    /** The environment variable a property reads, if its value is one reference. */
    static String environmentVariableOf(Map<String, String> config, String key) {
        Matcher matcher = ENV_REFERENCE.matcher(config.getOrDefault(key, ""));
        if (!matcher.matches()) {
            throw new IllegalStateException(key + " does not read one environment variable: " + config.get(key));
        }
        return matcher.group(1);
    }

    /** The main Java sources of a module. */
    static List<Path> mainSources(String module) {
        try (Stream<Path> files = Files.walk(path(module).resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
