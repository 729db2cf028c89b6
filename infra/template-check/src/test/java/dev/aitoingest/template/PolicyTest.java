package dev.aitoingest.template;

import static dev.aitoingest.template.Template.list;
import static dev.aitoingest.template.Template.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aitoingest.job.JobStore;
import dev.aitoingest.job.UploadKeys;
import dev.aitoingest.storage.TableRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked both ways: every AWS call in the functions' code is listed below with the
 * IAM action and resource it needs and the functions that make it; each function's policy allows
 * each of its calls, and allows nothing no call of it needs. A new SDK call fails
 * {@link #everyAwsCallInTheCodeIsListed} until it is listed here and granted in template.yaml.
 */
class PolicyTest {

    enum Function { API, PROCESSOR }

    /** What a call touches, made concrete per function from the template and the code's key layout. */
    enum Target { UPLOADED_FILE, TABLE_SEGMENT, BUCKET, SCHEMA_TABLE, COMMIT_LOG_TABLE, JOB_TABLE, JOBS_IN_PROGRESS_INDEX,
        PROCESSOR_FUNCTION, FAILED_INVOCATIONS_QUEUE, READ_KEY_SECRET, WRITE_KEY_SECRET, KEY_TABLE }

    record Need(String action, Target target) {
    }

    /** One SDK call: the class that makes it, the client method, which functions run it, what it needs. */
    record Call(String owner, String method, Set<Function> by, List<Need> needs) {
    }

    static final Set<Function> BOTH = Set.of(Function.API, Function.PROCESSOR);
    static final Set<Function> API = Set.of(Function.API);
    static final Set<Function> PROCESSOR = Set.of(Function.PROCESSOR);
    /** The local run and the tests create the storage; on AWS the template does, so no function may. */
    static final Set<Function> LOCAL_ONLY = Set.of();

    static final List<Call> CALLS = List.of(
            new Call("SchemaStore", "getItem", BOTH, List.of(new Need("dynamodb:GetItem", Target.SCHEMA_TABLE))),
            // schema changes come through the API only
            new Call("SchemaStore", "putItem", API, List.of(new Need("dynamodb:PutItem", Target.SCHEMA_TABLE))),
            // each table's schema is an item of its own: read in batches when they change, written and cleared in batches
            new Call("SchemaStore", "batchGetItem", BOTH, List.of(new Need("dynamodb:BatchGetItem", Target.SCHEMA_TABLE))),
            new Call("SchemaStore", "batchWriteItem", API, List.of(new Need("dynamodb:BatchWriteItem", Target.SCHEMA_TABLE))),
            new Call("TableCommitLog", "query", BOTH, List.of(new Need("dynamodb:Query", Target.COMMIT_LOG_TABLE))),
            new Call("TableCommitLog", "putItem", BOTH, List.of(new Need("dynamodb:PutItem", Target.COMMIT_LOG_TABLE))),
            // a conditional put that failed is read back: a retried put that had landed is its writer's own
            new Call("TableCommitLog", "getItem", BOTH, List.of(new Need("dynamodb:GetItem", Target.COMMIT_LOG_TABLE))),
            // the version counter: claimed by every commit, moved past versions fences took
            new Call("TableCommitLog", "updateItem", BOTH, List.of(new Need("dynamodb:UpdateItem", Target.COMMIT_LOG_TABLE))),
            // a reader waiting for claimed versions to be written reads just those
            new Call("TableCommitLog", "batchGetItem", BOTH, List.of(new Need("dynamodb:BatchGetItem", Target.COMMIT_LOG_TABLE))),
            new Call("JobStore", "getItem", BOTH, List.of(new Need("dynamodb:GetItem", Target.JOB_TABLE))),
            // the API creates jobs, the processor keeps their failing rows
            new Call("JobStore", "putItem", BOTH, List.of(new Need("dynamodb:PutItem", Target.JOB_TABLE))),
            new Call("JobStore", "updateItem", BOTH, List.of(new Need("dynamodb:UpdateItem", Target.JOB_TABLE))),
            // failing rows, read for the status answer
            new Call("JobStore", "query", API, List.of(new Need("dynamodb:Query", Target.JOB_TABLE))),
            // the sweep finds stalled jobs in the sparse index of jobs in progress
            new Call("JobStore", "query", PROCESSOR, List.of(new Need("dynamodb:Query", Target.JOBS_IN_PROGRESS_INDEX))),
            // the sweep drains the invocations that failed every retry
            new Call("SqsFailedInvocations", "receiveMessage", PROCESSOR,
                    List.of(new Need("sqs:ReceiveMessage", Target.FAILED_INVOCATIONS_QUEUE))),
            new Call("SqsFailedInvocations", "deleteMessage", PROCESSOR,
                    List.of(new Need("sqs:DeleteMessage", Target.FAILED_INVOCATIONS_QUEUE))),
            // optimize and delete jobs: created by the API (and, without asking, after any commit), run by the processor
            new Call("OperationJobs", "putItem", BOTH, List.of(new Need("dynamodb:PutItem", Target.JOB_TABLE))),
            new Call("OperationJobs", "getItem", BOTH, List.of(new Need("dynamodb:GetItem", Target.JOB_TABLE))),
            new Call("OperationJobs", "updateItem", BOTH, List.of(new Need("dynamodb:UpdateItem", Target.JOB_TABLE))),
            new Call("OperationJobs", "query", API, List.of(new Need("dynamodb:Query", Target.JOB_TABLE))),
            new Call("SegmentStore", "putObject", BOTH, List.of(new Need("s3:PutObject", Target.TABLE_SEGMENT))),
            // reading rows back: search (API), delete and optimize (API and their jobs in the processor)
            new Call("SegmentStore", "getObject", BOTH, List.of(new Need("s3:GetObject", Target.TABLE_SEGMENT))),
            // garbage collection after optimize lists table data and deletes what nobody reads
            new Call("SegmentStore", "listObjectsV2", BOTH, List.of(new Need("s3:ListBucket", Target.BUCKET))),
            new Call("SegmentStore", "deleteObject", BOTH, List.of(new Need("s3:DeleteObject", Target.TABLE_SEGMENT))),
            // commit-log checkpoints beside the segments: written and read by readers and writers, in both functions
            new Call("CheckpointStore", "putObject", BOTH, List.of(new Need("s3:PutObject", Target.TABLE_SEGMENT))),
            new Call("CheckpointStore", "getObject", BOTH, List.of(new Need("s3:GetObject", Target.TABLE_SEGMENT))),
            // a presigned URL acts with the signer's rights
            new Call("FileJobs", "presignPutObject", API, List.of(new Need("s3:PutObject", Target.UPLOADED_FILE))),
            // without ListBucket, S3 answers a HEAD of a missing object 403 instead of 404
            new Call("FileJobs", "headObject", API, List.of(new Need("s3:GetObject", Target.UPLOADED_FILE),
                    new Need("s3:ListBucket", Target.BUCKET))),
            new Call("FileJobProcessor", "getObject", PROCESSOR, List.of(new Need("s3:GetObject", Target.UPLOADED_FILE))),
            // the API's trigger and the processor's continuation
            new Call("LambdaProcessingInvoker", "invoke", BOTH, List.of(new Need("lambda:InvokeFunction", Target.PROCESSOR_FUNCTION))),
            // the two Aito keys, at cold start and every few minutes
            new Call("SecretsManagerKeySource", "getSecretValue", API, List.of(new Need("secretsmanager:GetSecretValue", Target.READ_KEY_SECRET),
                    new Need("secretsmanager:GetSecretValue", Target.WRITE_KEY_SECRET))),
            // scoped keys: created, looked up by id, listed, revoked by an update (never deleted); the uploads each started
            new Call("ScopedKeyStore", "putItem", API, List.of(new Need("dynamodb:PutItem", Target.KEY_TABLE))),
            new Call("ScopedKeyStore", "getItem", API, List.of(new Need("dynamodb:GetItem", Target.KEY_TABLE))),
            new Call("ScopedKeyStore", "query", API, List.of(new Need("dynamodb:Query", Target.KEY_TABLE))),
            new Call("ScopedKeyStore", "updateItem", API, List.of(new Need("dynamodb:UpdateItem", Target.KEY_TABLE))),
            new Call("StorageProvisioner", "createBucket", LOCAL_ONLY, List.of()),
            new Call("StorageProvisioner", "createTable", LOCAL_ONLY, List.of()),
            new Call("StorageProvisioner", "waiter", LOCAL_ONLY, List.of()),
            // TTL where the emulator has it (LocalStack; dynalite has none)
            new Call("StorageProvisioner", "updateTimeToLive", LOCAL_ONLY, List.of()),
            // closing the clients the local run and the tests build: no AWS call at all
            new Call("StorageClients", "close", LOCAL_ONLY, List.of()));

    static final Map<Function, String> MODULES = Map.of(Function.API, TemplateTest.API_MODULE, Function.PROCESSOR, TemplateTest.PROCESSOR_MODULE);
    private static final Pattern CLIENT_VARIABLE = Pattern.compile("\\b(?:S3Client|DynamoDbClient|LambdaClient|SqsClient|SecretsManagerClient|S3Presigner)\\s+(\\w+)\\b");

    /** One Allow statement's action on one resource pattern. */
    record Grant(String action, String resource) {

        boolean allows(String neededAction, String arn) {
            return wildcard(action).matcher(neededAction.toLowerCase(Locale.ROOT)).matches() && wildcard(resource).matcher(arn).matches();
        }

        private static Pattern wildcard(String pattern) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
        }
    }

    static Template template;

    @BeforeAll
    static void load() throws Exception {
        template = Template.load(Repository.path("template.yaml"));
    }

    @Test
    void everyAwsCallInTheCodeIsListed() {
        Set<String> inCode = new TreeSet<>();
        Stream.concat(MODULES.values().stream(), Repository.SHARED_MODULES.stream()).distinct()
                .flatMap(module -> Repository.mainSources(module).stream()).forEach(file -> inCode.addAll(sdkCalls(file)));
        Set<String> listed = new TreeSet<>(CALLS.stream().map(call -> call.owner() + "." + call.method()).toList());
        assertThat(inCode).as("AWS SDK calls in the code (list new ones in PolicyTest.CALLS and grant them in template.yaml)")
                .isEqualTo(listed);
    }

    /** The client methods a source file calls, as Owner.method, for every variable of an AWS SDK client type. */
    private static Set<String> sdkCalls(Path file) {
        String source = Repository.read(file);
        String owner = file.getFileName().toString().replace(".java", "");
        Set<String> calls = new TreeSet<>();
        Matcher variables = CLIENT_VARIABLE.matcher(source);
        while (variables.find()) {
            Matcher call = Pattern.compile("\\b" + variables.group(1) + "\\s*\\.\\s*(\\w+)\\s*\\(").matcher(source);
            while (call.find()) {
                calls.add(owner + "." + call.group(1));
            }
        }
        return calls;
    }

    @Test
    void eachFunctionMayMakeItsCalls() {
        for (Function function : Function.values()) {
            List<Grant> grants = grants(function);
            for (Call call : CALLS) {
                if (!call.by().contains(function)) {
                    continue;
                }
                for (Need need : call.needs()) {
                    String arn = arn(function, need.target());
                    assertThat(grants).as("%s: %s.%s needs %s on %s", function, call.owner(), call.method(), need.action(), arn)
                            .anyMatch(grant -> grant.allows(need.action(), arn));
                }
            }
        }
    }

    @Test
    void noFunctionMayDoMoreThanItsCalls() {
        for (Function function : Function.values()) {
            for (Grant grant : grants(function)) {
                assertThat(grant.action()).as("%s: a wildcard action", function).doesNotContain("*");
                boolean needed = CALLS.stream().filter(call -> call.by().contains(function)).flatMap(call -> call.needs().stream())
                        .anyMatch(need -> grant.allows(need.action(), arn(function, need.target())));
                assertThat(needed).as("%s: no call needs %s on %s", function, grant.action(), grant.resource()).isTrue();
            }
        }
    }

    @Test
    void theProcessorCannotChangeTheSchemaAndDeletesStayInTableData() {
        List<Grant> processor = grants(Function.PROCESSOR);
        assertThat(processor).noneMatch(grant -> grant.allows("dynamodb:PutItem", arn(Function.PROCESSOR, Target.SCHEMA_TABLE)));
        assertThat(processor).noneMatch(grant -> grant.allows("dynamodb:BatchWriteItem", arn(Function.PROCESSOR, Target.SCHEMA_TABLE)));
        for (Function function : Function.values()) {
            // garbage collection deletes segments nobody reads; uploads, tables and items are never deleted;
            // the sweep deletes the failed invocations it has dealt with
            assertThat(grants(function)).as("%s deletes only table data and handled failed invocations", function)
                    .filteredOn(grant -> grant.action().toLowerCase(Locale.ROOT).contains("delete"))
                    .allSatisfy(grant -> {
                        if (grant.action().equalsIgnoreCase("sqs:DeleteMessage")) {
                            assertThat(grant.resource()).isEqualTo(arn(function, Target.FAILED_INVOCATIONS_QUEUE));
                        } else {
                            assertThat(grant.action()).isEqualToIgnoringCase("s3:DeleteObject");
                            assertThat(grant.resource()).endsWith("/tables/*");
                        }
                    });
        }
    }

    /** The Allow statements of a function's policies, one action on one resource each. */
    static List<Grant> grants(Function function) {
        String id = template.functionOf(MODULES.get(function));
        List<Grant> grants = new ArrayList<>();
        for (Object policy : list(template.properties(id).get("Policies"))) {
            Map<String, Object> document = map(policy, id + " policy (inline statements only: SAM policy templates are too broad)");
            for (Object statement : list(document.get("Statement"))) {
                Map<String, Object> s = map(statement, "statement");
                assertThat(s.get("Effect")).as("%s statement %s", id, s.get("Sid")).isEqualTo("Allow");
                assertThat(s).as("%s statement %s", id, s.get("Sid")).doesNotContainKeys("NotAction", "NotResource", "Condition");
                for (Object action : list(s.get("Action"))) {
                    for (Object resource : list(s.get("Resource"))) {
                        grants.add(new Grant((String) action, template.resolve(resource)));
                    }
                }
            }
        }
        return grants;
    }

    /** The ARN a call of this function touches: storage names from its environment, object keys from the code. */
    static String arn(Function function, Target target) {
        String id = template.functionOf(MODULES.get(function));
        Map<String, Object> environment = template.environment(id);
        String bucket = "arn:aws:s3:::" + template.resolve(environment.get("DATA_BUCKET"));
        return switch (target) {
            case UPLOADED_FILE -> bucket + "/" + UploadKeys.of("customers", "3f1c8a52-7d4e-4b9a-9c21-6e0d5a7b8c90");
            case TABLE_SEGMENT -> bucket + "/" + new TableRef("customers", "0b8f").segmentKey("3a1e");
            case BUCKET -> bucket;
            case SCHEMA_TABLE -> template.arn(template.referencedResource(environment.get("SCHEMA_TABLE")));
            case COMMIT_LOG_TABLE -> template.arn(template.referencedResource(environment.get("COMMIT_LOG_TABLE")));
            case JOB_TABLE -> template.arn(template.referencedResource(environment.get("JOB_TABLE")));
            case JOBS_IN_PROGRESS_INDEX -> template.arn(template.referencedResource(environment.get("JOB_TABLE")))
                    + "/index/" + JobStore.IN_PROGRESS_INDEX;
            case FAILED_INVOCATIONS_QUEUE -> template.arn(template.referencedResource(environment.get("FAILED_INVOCATIONS_QUEUE")));
            case PROCESSOR_FUNCTION -> processorArn(id);
            case READ_KEY_SECRET -> template.resolve(environment.get("APIKEY_SECRET"));
            case WRITE_KEY_SECRET -> template.resolve(environment.get("READ_WRITE_APIKEY_SECRET"));
            case KEY_TABLE -> template.arn(template.referencedResource(environment.get("KEY_TABLE")));
        };
    }

    /** The function a function's code invokes to process: itself (Lambda names it) or the one its environment names. */
    private static String processorArn(String function) {
        String variable = Repository.environmentVariableOf(Repository.config(template.moduleOf(function)), "aito.processing.function-name");
        String target = variable.equals("AWS_LAMBDA_FUNCTION_NAME") ? function
                : template.referencedResource(template.environment(function).get(variable));
        return template.arn(target);
    }
}
