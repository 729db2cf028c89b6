package dev.aitoingest.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Which deployment and key: flags, given before or after the command's name, or the environment so
 * that a key stays out of shell history.
 */
final class ConnectionOptions {

    static final String URL_VARIABLE = "AITO_INGEST_URL";
    static final String KEY_VARIABLE = "AITO_INGEST_KEY";

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL", description = "The API's base URL, e.g. http://localhost:8080 (default: $" + URL_VARIABLE + ")")
    String url;

    @Option(names = "--key", scope = ScopeType.INHERIT, paramLabel = "KEY", description = "The API key (default: $" + KEY_VARIABLE + "; prefer it: a flag stays in shell history)")
    String key;

    ApiClient client(Console console) {
        String base = url != null ? url : console.env().get(URL_VARIABLE);
        if (base == null || base.isBlank()) {
            throw new CliException("No API URL: pass --url or set " + URL_VARIABLE);
        }
        String apiKey = key != null ? key : console.env().get(KEY_VARIABLE);
        if (apiKey == null || apiKey.isBlank()) {
            throw new CliException("No API key: set " + KEY_VARIABLE + " (or pass --key)");
        }
        return new ApiClient(base, apiKey);
    }
}
