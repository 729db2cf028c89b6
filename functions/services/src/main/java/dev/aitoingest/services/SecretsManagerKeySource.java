package dev.aitoingest.services;

import dev.aitoingest.auth.ApiKeys;
import dev.aitoingest.auth.KeySource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The two Aito keys as two secrets in AWS Secrets Manager, each secret's string the key itself
 * (template.yaml generates them). Rotating a key is {@code aws secretsmanager put-secret-value}.
 */
public final class SecretsManagerKeySource implements KeySource {

    private final SecretsManagerClient secrets;
    private final String readKeySecret;
    private final String writeKeySecret;

    public SecretsManagerKeySource(SecretsManagerClient secrets, String readKeySecret, String writeKeySecret) {
        this.secrets = secrets;
        this.readKeySecret = readKeySecret;
        this.writeKeySecret = writeKeySecret;
    }

    @Override
    public ApiKeys fetch() {
        return new ApiKeys(value(readKeySecret), value(writeKeySecret));
    }

    private String value(String secret) {
        try {
            return secrets.getSecretValue(b -> b.secretId(secret)).secretString();
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("Secrets Manager has no secret " + secret + " (or no current value in it)", e);
        }
    }
}
