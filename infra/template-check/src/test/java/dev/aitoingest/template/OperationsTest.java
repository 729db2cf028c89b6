package dev.aitoingest.template;

import static dev.aitoingest.template.Template.list;
import static dev.aitoingest.template.Template.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What running the stack in production needs: concurrency limits, access logs, JSON logs, alarms, and storage that a redeploy finds. */
class OperationsTest {

    static Template template;

    @BeforeAll
    static void load() throws Exception {
        template = Template.load(Repository.path("template.yaml"));
    }

    @Test
    void eachFunctionsReservedConcurrencyIsAParameterOfItsOwn() {
        Set<String> parameters = new HashSet<>();
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            List<Object> choice = list(map(template.properties(function).get("ReservedConcurrentExecutions"),
                    function + " ReservedConcurrentExecutions").get("Fn::If"));
            assertThat(choice).as("%s: !If [condition, !Ref parameter, !Ref AWS::NoValue]", function).hasSize(3);
            String parameter = (String) map(choice.get(1), "reserved").get("Ref");
            assertThat(map(choice.get(2), "none").get("Ref")).isEqualTo("AWS::NoValue");
            Map<String, Object> definition = map(template.section("Parameters").get(parameter), parameter);
            assertThat(definition.get("Type")).isEqualTo("Number");
            assertThat(((Number) definition.get("Default")).intValue()).as("%s reserves by default", parameter).isPositive();
            assertThat(((Number) definition.get("MinValue")).intValue()).as("%s: 0 reserves none", parameter).isZero();
            Map<String, Object> condition = map(template.section("Conditions").get((String) choice.get(0)), "condition");
            List<Object> equals = list(map(list(condition.get("Fn::Not")).get(0), "Fn::Not").get("Fn::Equals"));
            assertThat(equals).as("%s applies unless %s is 0", choice.get(0), parameter)
                    .containsExactlyInAnyOrder(Map.of("Ref", parameter), 0);
            parameters.add(parameter);
        }
        assertThat(parameters).as("one parameter per function").hasSize(2);
    }

    @Test
    void theHttpApiWritesOneJsonObjectPerRequestToALogGroupThatExpires() throws Exception {
        String api = template.resourcesOfType("AWS::Serverless::HttpApi").get(0);
        Map<String, Object> settings = map(template.properties(api).get("AccessLogSettings"), "AccessLogSettings");
        String logGroup = (String) list(map(settings.get("DestinationArn"), "DestinationArn").get("Fn::GetAtt")).get(0);
        assertThat(template.type(logGroup)).isEqualTo("AWS::Logs::LogGroup");
        assertThat(template.properties(logGroup)).containsKey("RetentionInDays");
        JsonNode format = Json.MAPPER.readTree((String) settings.get("Format"));
        assertThat(format.isObject()).as("the access log format is a JSON object").isTrue();
        format.fields().forEachRemaining(field -> assertThat(field.getValue().asText()).as(field.getKey()).matches("\\$context\\.[A-Za-z.]+"));
        assertThat(format.path("requestId").asText()).as("the id the API function's logs carry").isEqualTo("$context.requestId");
        assertThat(format.path("status").asText()).isEqualTo("$context.status");
        assertThat((String) settings.get("Format")).as("no request header, so never the API key").doesNotContain("header");
    }

    @Test
    void bothFunctionsLogJsonCarryingTheirRequestAndJobIds() {
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> logging = map(template.properties(function).get("LoggingConfig"), function + " LoggingConfig");
            assertThat(logging.get("LogFormat")).as("%s Lambda's own lines", function).isEqualTo("JSON");
            assertThat(template.type(template.referencedResource(logging.get("LogGroup")))).isEqualTo("AWS::Logs::LogGroup");
            String module = template.moduleOf(function);
            assertThat(Repository.config(module)).as("%s application lines", module).containsEntry("quarkus.log.console.json.enabled", "true");
            assertThat(Repository.read(module + "/pom.xml") + Repository.read("functions/services/pom.xml"))
                    .contains("<artifactId>quarkus-logging-json</artifactId>");
        }
        assertThat(mainSources(TemplateTest.API_MODULE)).as("the API puts the request id in the MDC").contains("MDC.put(REQUEST_ID");
        assertThat(mainSources(TemplateTest.PROCESSOR_MODULE)).as("the processor puts the job id in the MDC").contains("MDC.put(JOB_ID");
    }

    private static String mainSources(String module) {
        return String.join("\n", Repository.mainSources(module).stream().map(Repository::read).toList());
    }

    @Test
    void alarmsOnFailedInvocationsErrorsAndThrottlesNotifyTheTopicInTheOutputs() {
        List<String> topics = template.resourcesOfType("AWS::SNS::Topic");
        assertThat(topics).hasSize(1);
        String topic = topics.get(0);
        assertThat(template.properties(topic)).as("CloudWatch cannot publish to a topic under aws/sns").doesNotContainKey("KmsMasterKeyId");
        assertThat(template.section("Outputs").values()).as("an output names the topic")
                .anyMatch(output -> Map.of("Ref", topic).equals(map(output, "output").get("Value")));

        List<String> watched = new ArrayList<>();
        for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
            Map<String, Object> properties = template.properties(alarm);
            assertThat(list(properties.get("AlarmActions"))).as("%s notifies", alarm).containsExactly(Map.of("Ref", topic));
            assertThat(list(properties.get("OKActions"))).as("%s clears", alarm).containsExactly(Map.of("Ref", topic));
            assertThat(properties.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
            assertThat(((Number) properties.get("Threshold")).intValue()).as("%s fires on the first one", alarm).isZero();
            assertThat(properties.get("TreatMissingData")).isEqualTo("notBreaching");
            for (Object dimension : list(properties.get("Dimensions"))) {
                Object value = map(dimension, "dimension").get("Value");
                watched.add(properties.get("Namespace") + " " + properties.get("MetricName") + " " + template.referencedResources(value));
            }
        }
        Map<String, Object> invokeConfig = map(template.properties(template.functionOf(TemplateTest.PROCESSOR_MODULE)).get("EventInvokeConfig"),
                "EventInvokeConfig");
        String queue = (String) list(map(map(map(invokeConfig.get("DestinationConfig"), "DestinationConfig").get("OnFailure"), "OnFailure")
                .get("Destination"), "Destination").get("Fn::GetAtt")).get(0);
        List<String> expected = new ArrayList<>(List.of("AWS/SQS ApproximateNumberOfMessagesVisible [" + queue + "]"));
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            expected.add("AWS/Lambda Errors [" + function + "]");
            expected.add("AWS/Lambda Throttles [" + function + "]");
        }
        assertThat(watched).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void retainedStorageIsNamedFromOneParameterSoARedeployFindsIt() {
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, Object> resource : template.section("Resources").entrySet()) {
            Map<String, Object> definition = map(resource.getValue(), resource.getKey());
            boolean storage = template.type(resource.getKey()).equals("AWS::S3::Bucket") || template.type(resource.getKey()).equals("AWS::DynamoDB::Table");
            assertThat("Retain".equals(definition.get("DeletionPolicy"))).as("%s is retained exactly when it is storage", resource.getKey())
                    .isEqualTo(storage);
            if (!storage) {
                continue;
            }
            assertThat(definition.get("UpdateReplacePolicy")).as("%s UpdateReplacePolicy", resource.getKey()).isEqualTo("Retain");
            Object name = template.properties(resource.getKey()).get(template.type(resource.getKey()).equals("AWS::S3::Bucket") ? "BucketName" : "TableName");
            assertThat(name).as("%s is named, not generated", resource.getKey()).isNotNull();
            String pattern = (String) map(name, resource.getKey() + " name").get("Fn::Sub");
            assertThat(pattern).as("%s name", resource.getKey()).contains("${StorageName}").doesNotContain("AWS::StackName");
            names.add(template.resolve(name));
        }
        assertThat(names).as("distinct names").hasSize(5);
        Map<String, Object> storageName = map(template.section("Parameters").get("StorageName"), "StorageName");
        assertThat(storageName).containsKey("Default").containsKey("AllowedPattern");
        assertThat(Repository.read("README.md")).as("the README says what a redeploy after sam delete does")
                .contains("### Deleting and deploying again");
    }
}
