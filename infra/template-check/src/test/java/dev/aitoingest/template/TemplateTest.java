package dev.aitoingest.template;

import static dev.aitoingest.template.Template.list;
import static dev.aitoingest.template.Template.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.aitoingest.auth.ScopedKeyStore;
import dev.aitoingest.job.JobStore;
import dev.aitoingest.template.PolicyTest.Function;
import dev.aitoingest.job.UploadKeys;
import dev.aitoingest.schema.SchemaStore;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.storage.TableKeys;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** template.yaml against the code: handlers and packages, environment, the S3 trigger, storage, SnapStart, outputs. */
class TemplateTest {

    static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    static final String API_MODULE = "functions/api";
    static final String PROCESSOR_MODULE = "functions/processor";
    /** Set by Lambda itself in every function. */
    static final Set<String> SET_BY_LAMBDA = Set.of("AWS_LAMBDA_FUNCTION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION");
    /** Read by the JVM itself, not by the code. */
    static final Set<String> READ_BY_THE_JVM = Set.of("JAVA_TOOL_OPTIONS");
    /** The keys as values: the local run and the tests only; on AWS they come from Secrets Manager. */
    static final Set<String> KEY_VALUES = Set.of("APIKEY", "READ_WRITE_APIKEY");
    /**
     * Read by the shared configuration but withheld on purpose: no function gets the keys themselves,
     * and the processor gets nothing about keys at all.
     */
    static final Map<String, Set<String>> WITHHELD = Map.of(API_MODULE, KEY_VALUES,
            PROCESSOR_MODULE, Set.of("APIKEY", "READ_WRITE_APIKEY", "APIKEY_SECRET", "READ_WRITE_APIKEY_SECRET", "KEY_TABLE"));
    /** What each table environment variable names, with the keys the code gives that table. */
    static final Map<String, TableKeys> TABLE_KEYS = Map.of("SCHEMA_TABLE", SchemaStore.KEYS,
            "COMMIT_LOG_TABLE", TableCommitLog.KEYS, "JOB_TABLE", JobStore.KEYS, "KEY_TABLE", ScopedKeyStore.KEYS);
    /** Lambda's limit for a zip uploaded directly, and for its unzipped contents. */
    static final long MAX_ZIP_BYTES = 50L * 1024 * 1024;
    static final long MAX_UNZIPPED_BYTES = 250L * 1024 * 1024;

    static Template template;

    @BeforeAll
    static void load() throws Exception {
        template = Template.load(Repository.path("template.yaml"));
    }

    static String functionOf(String module) {
        return template.functionOf(module);
    }

    static String moduleOf(String function) {
        return template.moduleOf(function);
    }

    static List<String> functions() {
        return template.resourcesOfType("AWS::Serverless::Function");
    }

    @Test
    void isOrganisedAsGlobalsParametersFunctionsStorageOutputs() {
        List<String> sections = List.of("Globals", "Parameters", "Resources", "Outputs");
        List<String> present = template.sectionNames().stream().filter(sections::contains).toList();
        assertThat(present).containsExactlyElementsOf(sections);
        List<String> resources = new ArrayList<>(template.section("Resources").keySet());
        int lastApiOrFunction = resources.stream().filter(id -> template.type(id).startsWith("AWS::Serverless::"))
                .mapToInt(resources::indexOf).max().orElseThrow();
        int firstStorage = resources.stream().filter(id -> template.type(id).startsWith("AWS::S3::") || template.type(id).startsWith("AWS::DynamoDB::"))
                .mapToInt(resources::indexOf).min().orElseThrow();
        assertThat(lastApiOrFunction).as("the API and functions come before the storage").isLessThan(firstStorage);
    }

    @Test
    void eachFunctionRunsTheQuarkusHandlerOfALambdaModule() {
        assertThat(functions()).containsExactlyInAnyOrder(functionOf(API_MODULE), functionOf(PROCESSOR_MODULE));
        int release = Integer.parseInt(firstGroup(Repository.read("pom.xml"), "<maven.compiler.release>(\\d+)<"));
        for (String function : functions()) {
            assertThat(template.functionProperty(function, "Handler")).as("%s Handler", function).isEqualTo(HANDLER);
            String runtime = (String) template.functionProperty(function, "Runtime");
            assertThat(runtime).as("%s Runtime", function).matches("java\\d+");
            assertThat(Integer.parseInt(runtime.substring(4))).as("%s Runtime runs Java %d bytecode", function, release)
                    .isGreaterThanOrEqualTo(release);
            String pom = Repository.read(moduleOf(function) + "/pom.xml");
            assertThat(pom).as("%s is a Quarkus Lambda module", moduleOf(function)).containsPattern(
                    "<artifactId>quarkus-amazon-lambda(-http)?</artifactId>");
        }
        // the processor's RequestHandler is the bean quarkus.lambda.handler names
        String handlerBean = Repository.config(PROCESSOR_MODULE).get("quarkus.lambda.handler");
        assertThat(Repository.mainSources(PROCESSOR_MODULE).stream().map(Repository::read)
                .filter(source -> source.contains("@Named(\"" + handlerBean + "\")") && source.contains("implements RequestHandler")))
                .as("a RequestHandler bean named %s", handlerBean).hasSize(1);
    }

    @Test
    void eachFunctionPackageHoldsTheHandlerWithinLambdasLimits() throws Exception {
        for (String function : functions()) {
            Path zip = Repository.path(moduleOf(function) + "/target/function.zip");
            assumeTrue(Files.exists(zip), zip + " is built by ./mvnw package (./mvnw verify runs these tests after it)");
            assertThat(Files.size(zip)).as("%s size", zip).isLessThan(MAX_ZIP_BYTES);
            String handlerClass = HANDLER.substring(0, HANDLER.indexOf("::")).replace('.', '/') + ".class";
            long unzipped = 0;
            boolean handlerFound = false;
            try (ZipFile file = new ZipFile(zip.toFile())) {
                for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    unzipped += entry.getSize();
                    if (entry.getName().equals(handlerClass)) {
                        handlerFound |= declaresStreamHandler(file.getInputStream(entry).readAllBytes());
                    } else if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                        handlerFound |= jarHoldsHandler(file.getInputStream(entry), handlerClass);
                    }
                }
            }
            assertThat(unzipped).as("%s unzipped", zip).isLessThan(MAX_UNZIPPED_BYTES);
            assertThat(handlerFound).as("%s holds %s", zip, HANDLER).isTrue();
        }
    }

    private static boolean jarHoldsHandler(InputStream jar, String handlerClass) throws Exception {
        try (ZipInputStream entries = new ZipInputStream(jar)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                if (entry.getName().equals(handlerClass)) {
                    return declaresStreamHandler(entries.readAllBytes());
                }
            }
        }
        return false;
    }

    /** The class file names the method and the RequestStreamHandler signature Lambda calls. */
    private static boolean declaresStreamHandler(byte[] classFile) {
        String constants = new String(classFile, StandardCharsets.ISO_8859_1);
        return constants.contains(HANDLER.substring(HANDLER.indexOf("::") + 2))
                && constants.contains("(Ljava/io/InputStream;Ljava/io/OutputStream;Lcom/amazonaws/services/lambda/runtime/Context;)V");
    }

    @Test
    void everyEnvironmentVariableTheCodeReadsIsSetAndNoOther() {
        for (String function : functions()) {
            String module = moduleOf(function);
            Set<String> read = new HashSet<>(Repository.environmentVariables(Repository.config(module)).keySet());
            read.removeAll(SET_BY_LAMBDA);
            Set<String> withheld = WITHHELD.getOrDefault(module, Set.of());
            read.removeAll(withheld);
            Set<String> set = new HashSet<>(template.environment(function).keySet());
            set.removeAll(READ_BY_THE_JVM);
            assertThat(set).as("%s environment: what %s reads", function, module).containsExactlyInAnyOrderElementsOf(read);
            withheld.forEach(secret -> assertThat(set).as("%s environment", function).doesNotContain(secret));
            for (Map.Entry<String, Object> variable : template.environment(function).entrySet()) {
                assertThat(template.resolve(variable.getValue())).as("%s %s", function, variable.getKey()).isNotBlank();
            }
        }
    }

    @Test
    void apiKeysAreGeneratedSecretsNeverParametersOrTheEnvironment() {
        Map<String, Object> environment = template.environment(functionOf(API_MODULE));
        Map<String, String> config = Repository.config(API_MODULE);
        Set<String> secrets = new HashSet<>();
        for (String property : List.of("aito.auth.read-key-secret", "aito.auth.write-key-secret")) {
            String secret = template.referencedResource(environment.get(Repository.environmentVariableOf(config, property)));
            assertThat(secret).as("%s names a secret of the template", property).isNotNull();
            assertThat(template.type(secret)).isEqualTo("AWS::SecretsManager::Secret");
            Map<String, Object> generated = map(template.properties(secret).get("GenerateSecretString"), secret + " GenerateSecretString");
            assertThat(((Number) generated.get("PasswordLength")).intValue()).as("%s length", secret).isGreaterThanOrEqualTo(32);
            assertThat(template.properties(secret)).as("%s has no value written in the template", secret).doesNotContainKey("SecretString");
            secrets.add(secret);
        }
        assertThat(secrets).as("two keys, two secrets").hasSize(2);
        for (String function : functions()) {
            assertThat(template.environment(function)).as("%s environment", function).doesNotContainKeys(KEY_VALUES.toArray(String[]::new));
        }
        assertThat(template.section("Parameters").values()).as("no key passes through CloudFormation")
                .noneMatch(definition -> map(definition, "parameter").containsKey("NoEcho"));
    }

    @Test
    void uploadedFilesTriggerTheProcessor() {
        String processor = functionOf(PROCESSOR_MODULE);
        String bucket = dataBucket();
        for (String function : functions()) {
            List<Map<String, Object>> s3Events = events(function, "S3");
            if (!function.equals(processor)) {
                assertThat(s3Events).as("%s S3 events", function).isEmpty();
                continue;
            }
            assertThat(s3Events).hasSize(1);
            Map<String, Object> event = s3Events.get(0);
            assertThat(template.referencedResource(event.get("Bucket"))).isEqualTo(bucket);
            assertThat(list(event.get("Events"))).anySatisfy(name -> assertThat((String) name).startsWith("s3:ObjectCreated:"));
            Map<String, String> rules = new java.util.HashMap<>();
            for (Object rule : list(map(map(event.get("Filter"), "Filter").get("S3Key"), "S3Key").get("Rules"))) {
                rules.put(((String) map(rule, "rule").get("Name")).toLowerCase(), template.resolve(map(rule, "rule").get("Value")));
            }
            assertThat(rules).containsEntry("prefix", UploadKeys.PREFIX).containsEntry("suffix", UploadKeys.SUFFIX);
        }
    }

    @Test
    void theProcessorHasTimeToContinueAndAPlaceForFailedInvocations() {
        String processor = functionOf(PROCESSOR_MODULE);
        int timeout = ((Number) template.functionProperty(processor, "Timeout")).intValue();
        assertThat(timeout).isEqualTo(900);
        // two vCPUs by default, so rows are checked beside the thread that reads the file; never less than one
        assertThat(Integer.parseInt(template.resolve(template.functionProperty(processor, "MemorySize")))).isEqualTo(3538);
        assertThat(((Number) map(template.section("Parameters").get("ProcessorMemorySize"), "ProcessorMemorySize").get("MinValue"))
                .intValue()).isEqualTo(1769);
        // the processor runs for minutes: C2 as well as C1, not Lambda's C1-only default
        assertThat(template.resolve(template.environment(processor).get("JAVA_TOOL_OPTIONS"))).contains("-XX:TieredStopAtLevel=4");
        // the handler stops a minute before Lambda's deadline; the budget must end before that
        Duration budget = Duration.parse(template.resolve(template.environment(processor).get("PROCESSING_TIME_BUDGET")));
        assertThat(budget).isLessThanOrEqualTo(Duration.ofSeconds(timeout).minusMinutes(1)).isGreaterThan(Duration.ofMinutes(5));
        Map<String, Object> invokeConfig = map(template.properties(processor).get("EventInvokeConfig"), "EventInvokeConfig");
        Map<String, Object> onFailure = map(map(invokeConfig.get("DestinationConfig"), "DestinationConfig").get("OnFailure"), "OnFailure");
        String destination = template.resolve(onFailure.get("Destination"));
        assertThat(template.resourcesOfType("AWS::SQS::Queue").stream().map(template::arn)).contains(destination);
    }

    @Test
    void theApiFunctionServesEveryRouteOfTheHttpApi() {
        String api = functionOf(API_MODULE);
        List<Map<String, Object>> httpEvents = events(api, "HttpApi");
        assertThat(httpEvents).hasSize(1);
        Map<String, Object> event = httpEvents.get(0);
        assertThat(template.type(template.referencedResource(event.get("ApiId")))).isEqualTo("AWS::Serverless::HttpApi");
        assertThat(event).as("no Path or Method: the $default route").doesNotContainKeys("Path", "Method");
        assertThat(((Number) template.functionProperty(api, "Timeout")).intValue()).as("HTTP API waits 30 s at most")
                .isLessThanOrEqualTo(30);
    }

    @Test
    void theBucketIsPrivateEncryptedTlsOnlyAndExpiresUploads() {
        String bucket = dataBucket();
        Map<String, Object> properties = template.properties(bucket);
        assertThat(list(map(properties.get("BucketEncryption"), "BucketEncryption").get("ServerSideEncryptionConfiguration"))).isNotEmpty();
        assertThat(map(properties.get("PublicAccessBlockConfiguration"), "PublicAccessBlockConfiguration"))
                .containsEntry("BlockPublicAcls", true).containsEntry("BlockPublicPolicy", true)
                .containsEntry("IgnorePublicAcls", true).containsEntry("RestrictPublicBuckets", true);

        String arn = template.arn(bucket);
        List<Object> tlsDenials = new ArrayList<>();
        for (String policy : template.resourcesOfType("AWS::S3::BucketPolicy")) {
            if (!bucket.equals(template.referencedResource(template.properties(policy).get("Bucket")))) {
                continue;
            }
            for (Object statement : list(map(template.properties(policy).get("PolicyDocument"), "PolicyDocument").get("Statement"))) {
                Map<String, Object> s = map(statement, "statement");
                Object secure = map(map(s.getOrDefault("Condition", Map.of()), "Condition").getOrDefault("Bool", Map.of()), "Bool")
                        .get("aws:SecureTransport");
                List<String> resources = list(s.get("Resource")).stream().map(template::resolve).toList();
                if ("Deny".equals(s.get("Effect")) && "false".equals(String.valueOf(secure)) && "*".equals(s.get("Principal"))
                        && list(s.get("Action")).contains("s3:*") && resources.contains(arn) && resources.contains(arn + "/*")) {
                    tlsDenials.add(s);
                }
            }
        }
        assertThat(tlsDenials).as("a statement denying every request without TLS").hasSize(1);

        List<Object> rules = list(map(properties.get("LifecycleConfiguration"), "LifecycleConfiguration").get("Rules"));
        assertThat(rules).anySatisfy(rule -> {
            Map<String, Object> r = map(rule, "rule");
            assertThat(r.get("Status")).isEqualTo("Enabled");
            assertThat(r.get("Prefix")).isEqualTo(UploadKeys.PREFIX);
            String days = (String) map(r.get("ExpirationInDays"), "ExpirationInDays").get("Ref");
            assertThat(map(template.section("Parameters").get(days), days).get("Type")).isEqualTo("Number");
        });
    }

    @Test
    void tablesHaveTheKeysTheCodeUsesOnDemandWithRecovery() {
        Map<String, Object> environment = template.environment(functionOf(API_MODULE));
        for (Map.Entry<String, TableKeys> table : TABLE_KEYS.entrySet()) {
            String id = template.referencedResource(environment.get(table.getKey()));
            assertThat(id).as("%s names a table of the template", table.getKey()).isNotNull();
            assertThat(template.type(id)).isEqualTo("AWS::DynamoDB::Table");
            Map<String, Object> properties = template.properties(id);
            assertThat(properties.get("BillingMode")).as("%s BillingMode", id).isEqualTo("PAY_PER_REQUEST");
            assertThat(map(properties.get("PointInTimeRecoverySpecification"), "PITR").get("PointInTimeRecoveryEnabled"))
                    .as("%s point-in-time recovery", id).isEqualTo(true);
            assertThat(keySchema(properties)).as("%s keys", id).isEqualTo(table.getValue());
        }
        String jobs = template.referencedResource(environment.get("JOB_TABLE"));
        Map<String, Object> ttl = map(template.properties(jobs).get("TimeToLiveSpecification"), "TimeToLiveSpecification");
        assertThat(ttl.get("Enabled")).isEqualTo(true);
        assertThat(Repository.read("functions/core/src/main/java/dev/aitoingest/job/JobStore.java"))
                .as("JobStore writes the TTL attribute").contains("\"" + ttl.get("AttributeName") + "\"");
        String keys = template.referencedResource(environment.get("KEY_TABLE"));
        Map<String, Object> keyTtl = map(template.properties(keys).get("TimeToLiveSpecification"), "TimeToLiveSpecification");
        assertThat(keyTtl).containsEntry("Enabled", true).containsEntry("AttributeName", ScopedKeyStore.EXPIRES_AT);
    }

    private static TableKeys keySchema(Map<String, Object> properties) {
        Map<String, String> types = new java.util.HashMap<>();
        for (Object attribute : list(properties.get("AttributeDefinitions"))) {
            types.put((String) map(attribute, "attribute").get("AttributeName"), (String) map(attribute, "attribute").get("AttributeType"));
        }
        String partition = null;
        String sort = null;
        for (Object key : list(properties.get("KeySchema"))) {
            Map<String, Object> k = map(key, "key");
            if ("HASH".equals(k.get("KeyType"))) {
                partition = (String) k.get("AttributeName");
            } else {
                sort = (String) k.get("AttributeName");
            }
        }
        assertThat(types.get(partition)).as("partition key %s is a string", partition).isEqualTo("S");
        return new TableKeys(partition, sort,
                sort == null ? null : software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType.fromValue(types.get(sort)));
    }

    @Test
    void jobsInProgressAreFoundByASparseIndexNotAScan() {
        String jobs = template.referencedResource(template.environment(functionOf(API_MODULE)).get("JOB_TABLE"));
        Map<String, Object> properties = template.properties(jobs);
        Map<String, String> types = new java.util.HashMap<>();
        for (Object attribute : list(properties.get("AttributeDefinitions"))) {
            types.put((String) map(attribute, "attribute").get("AttributeName"), (String) map(attribute, "attribute").get("AttributeType"));
        }
        List<Map<String, Object>> indexes = list(properties.get("GlobalSecondaryIndexes")).stream().map(i -> map(i, "index"))
                .filter(i -> JobStore.IN_PROGRESS_INDEX.equals(i.get("IndexName"))).toList();
        assertThat(indexes).as("the index JobStore queries for stalled jobs").hasSize(1);
        Map<String, String> keys = new java.util.HashMap<>();
        for (Object key : list(indexes.get(0).get("KeySchema"))) {
            keys.put((String) map(key, "key").get("KeyType"), (String) map(key, "key").get("AttributeName"));
        }
        assertThat(keys).containsEntry("HASH", JobStore.IN_PROGRESS).containsEntry("RANGE", JobStore.HEARTBEAT_AT);
        assertThat(types).containsEntry(JobStore.IN_PROGRESS, "S").containsEntry(JobStore.HEARTBEAT_AT, "N");
        for (PolicyTest.Function function : PolicyTest.Function.values()) {
            assertThat(PolicyTest.grants(function)).as("%s scans no table", function)
                    .noneMatch(grant -> grant.action().equalsIgnoreCase("dynamodb:Scan"));
        }
    }

    @Test
    void aScheduleSweepsStalledJobsAndTheFailedInvocations() {
        String processor = functionOf(PROCESSOR_MODULE);
        List<Map<String, Object>> schedules = events(processor, "Schedule");
        assertThat(schedules).as("the processor's sweep schedule").hasSize(1);
        Map<String, Object> schedule = schedules.get(0);
        String sweepField = firstGroup(Repository.read("functions/services/src/main/java/dev/aitoingest/services/ProcessingRequest.java"),
                "SWEEP = \"(\\w+)\"");
        Map<String, Object> input = map(new org.yaml.snakeyaml.Yaml().load((String) schedule.get("Input")), "Input");
        assertThat(input).as("the sweep event the handler recognises").containsEntry(sweepField, true);
        Matcher rate = Pattern.compile("rate\\((\\d+) minutes?\\)").matcher((String) schedule.get("Schedule"));
        assertThat(rate.matches()).as("Schedule %s", schedule.get("Schedule")).isTrue();
        Duration stallTimeout = Duration.parse(template.resolve(template.environment(processor).get("STALL_TIMEOUT")));
        assertThat(Duration.ofMinutes(Long.parseLong(rate.group(1)))).as("a stalled job waits at most a few stall timeouts")
                .isLessThanOrEqualTo(stallTimeout.multipliedBy(3));
        assertThat(stallTimeout).as("longer than Lambda's first retry").isGreaterThan(Duration.ofMinutes(1));
        // the queue the sweep drains is the one Lambda fills
        Map<String, Object> invokeConfig = map(template.properties(processor).get("EventInvokeConfig"), "EventInvokeConfig");
        Object destination = map(map(invokeConfig.get("DestinationConfig"), "DestinationConfig").get("OnFailure"), "OnFailure")
                .get("Destination");
        String queue = template.referencedResource(template.environment(processor).get("FAILED_INVOCATIONS_QUEUE"));
        assertThat(template.arn(queue)).isEqualTo(template.resolve(destination));
        assertThat(PolicyTest.grants(Function.PROCESSOR)).as("the processor reads and deletes the failed invocations")
                .anyMatch(grant -> grant.allows("sqs:ReceiveMessage", template.arn(queue)))
                .anyMatch(grant -> grant.allows("sqs:DeleteMessage", template.arn(queue)));
    }

    @Test
    void snapStartIsOptInAndPrimed() {
        String api = functionOf(API_MODULE);
        Map<String, Object> snapStart = map(template.properties(api).get("SnapStart"), "SnapStart");
        List<Object> choice = list(map(snapStart.get("ApplyOn"), "ApplyOn").get("Fn::If"));
        assertThat(choice.subList(1, 3)).containsExactly("PublishedVersions", "None");
        Map<String, Object> condition = map(template.section("Conditions").get((String) choice.get(0)), "condition");
        String parameter = (String) map(list(condition.get("Fn::Equals")).get(0), "Ref").get("Ref");
        assertThat(map(template.section("Parameters").get(parameter), parameter).get("Default")).isEqualTo("false");
        assertThat(template.properties(api)).as("SnapStart applies to published versions").containsKey("AutoPublishAlias");

        assertThat(Repository.config(API_MODULE)).containsEntry("quarkus.snapstart.full-warmup", "true");
        assertThat(Repository.mainSources(API_MODULE).stream().map(Repository::read)
                .filter(source -> source.contains("implements Resource") && source.contains("beforeCheckpoint")))
                .as("a CRaC resource priming the API before the snapshot").hasSize(1);
    }

    @Test
    void outputsNameTheUrlTheStorageAndTheFunctions() {
        Set<String> named = new HashSet<>();
        for (Map.Entry<String, Object> output : template.section("Outputs").entrySet()) {
            Object value = map(output.getValue(), output.getKey()).get("Value");
            assertThat(template.resolve(value)).as("output %s", output.getKey()).isNotBlank();
            named.addAll(template.referencedResources(value));
        }
        assertThat(named).containsAll(functions()).containsAll(template.resourcesOfType("AWS::DynamoDB::Table"))
                .containsAll(template.resourcesOfType("AWS::S3::Bucket")).containsAll(template.resourcesOfType("AWS::Serverless::HttpApi"));
        assertThat(template.resolve(map(template.section("Outputs").get("ApiUrl"), "ApiUrl").get("Value")))
                .matches("https://.+\\.execute-api\\.eu-west-1\\.amazonaws\\.com");
    }

    /** The bucket the functions' DATA_BUCKET names, which must be the template's one bucket. */
    static String dataBucket() {
        List<String> buckets = template.resourcesOfType("AWS::S3::Bucket");
        assertThat(buckets).hasSize(1);
        for (String function : functions()) {
            assertThat(template.resolve(template.environment(function).get("DATA_BUCKET"))).as("%s DATA_BUCKET", function)
                    .isEqualTo(template.resolve(Map.of("Ref", buckets.get(0))));
        }
        return buckets.get(0);
    }

    private static List<Map<String, Object>> events(String function, String type) {
        Object events = template.properties(function).get("Events");
        if (events == null) {
            return List.of();
        }
        return map(events, "Events").values().stream().map(e -> map(e, "event")).filter(e -> type.equals(e.get("Type")))
                .map(e -> map(e.get("Properties"), "event Properties")).toList();
    }

    private static String firstGroup(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex).isTrue();
        return matcher.group(1);
    }
}
