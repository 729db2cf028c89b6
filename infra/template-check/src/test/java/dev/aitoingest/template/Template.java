package dev.aitoingest.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * template.yaml as CloudFormation reads it: the short tags ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt}, {@code !If}, ...) become their long forms ({@code {"Ref": ...}},
 * {@code {"Fn::Sub": ...}}), and the intrinsics that name things resolve to the names and ARNs
 * they would have in a sample stack (parameters at their defaults).
 */
final class Template {

    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "123456789012";
    static final String STACK = "aito-ingest";
    private static final Map<String, String> PSEUDO_PARAMETERS = Map.of("AWS::Region", REGION, "AWS::AccountId", ACCOUNT,
            "AWS::Partition", "aws", "AWS::StackName", STACK, "AWS::URLSuffix", "amazonaws.com");
    /** What the Quarkus Lambda extensions build in a module. */
    static final String FUNCTION_ZIP = "/target/function.zip";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    static Template load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Template(new Yaml(new IntrinsicTags()).load(reader));
        }
    }

    List<String> sectionNames() {
        return List.copyOf(root.keySet());
    }

    /** A top-level section: Globals, Parameters, Conditions, Resources, Outputs. */
    Map<String, Object> section(String name) {
        return map(root.get(name), name);
    }

    Map<String, Object> resource(String id) {
        return map(section("Resources").get(id), "resource " + id);
    }

    String type(String id) {
        return (String) resource(id).get("Type");
    }

    Map<String, Object> properties(String id) {
        return map(resource(id).get("Properties"), id + ".Properties");
    }

    List<String> resourcesOfType(String type) {
        return section("Resources").keySet().stream().filter(id -> type.equals(type(id))).toList();
    }

    /** The function the template builds from a module: its CodeUri is that module's target/function.zip. */
    String functionOf(String module) {
        return resourcesOfType("AWS::Serverless::Function").stream().filter(id -> moduleOf(id).equals(module)).findFirst()
                .orElseThrow(() -> new AssertionError("no function in template.yaml is built from " + module));
    }

    /** The module a function is built from. */
    String moduleOf(String function) {
        String codeUri = resolve(properties(function).get("CodeUri"));
        if (!codeUri.endsWith(FUNCTION_ZIP)) {
            throw new AssertionError(function + " CodeUri is not a module's " + FUNCTION_ZIP + ": " + codeUri);
        }
        return codeUri.substring(0, codeUri.length() - FUNCTION_ZIP.length());
    }

    /** A function's property, from the function or else from Globals. */
    Object functionProperty(String function, String name) {
        Object own = properties(function).get(name);
        return own != null ? own : map(section("Globals").get("Function"), "Globals.Function").get(name);
    }

    /** A function's environment variables: Globals' merged with its own, as SAM merges them. */
    Map<String, Object> environment(String function) {
        Map<String, Object> variables = new LinkedHashMap<>(variables(map(section("Globals").get("Function"), "Globals.Function")));
        variables.putAll(variables(properties(function)));
        return variables;
    }

    private static Map<String, Object> variables(Map<String, Object> properties) {
        Object environment = properties.get("Environment");
        return environment == null ? Map.of() : map(map(environment, "Environment").get("Variables"), "Environment.Variables");
    }

    /** The resource a {@code !Ref} names, or null when the value is not a reference to a resource. */
    String referencedResource(Object value) {
        if (value instanceof Map<?, ?> m && m.get("Ref") instanceof String id && section("Resources").containsKey(id)) {
            return id;
        }
        return null;
    }

    /** The resources a value refers to, through Ref, GetAtt or a Sub variable. */
    Set<String> referencedResources(Object value) {
        Set<String> found = new TreeSet<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((key, inner) -> {
                if (key.equals("Ref") && inner instanceof String id) {
                    found.add(id);
                } else if (key.equals("Fn::GetAtt") && inner instanceof List<?> target) {
                    found.add((String) target.get(0));
                } else if (key.equals("Fn::Sub")) {
                    Matcher matcher = SUB_VARIABLE.matcher((String) (inner instanceof List<?> l ? l.get(0) : inner));
                    while (matcher.find()) {
                        found.add(matcher.group(1).split("\\.")[0]);
                    }
                } else {
                    found.addAll(referencedResources(inner));
                }
            });
        } else if (value instanceof List<?> l) {
            l.forEach(inner -> found.addAll(referencedResources(inner)));
        }
        found.retainAll(section("Resources").keySet());
        return found;
    }

    /** A resource's ARN in the sample stack. */
    String arn(String id) {
        return getAtt(id, "Arn");
    }

    /** The string a value stands for in the sample stack. */
    String resolve(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        Map<String, Object> intrinsic = map(value, "intrinsic");
        if (intrinsic.size() == 1) {
            Map.Entry<String, Object> only = intrinsic.entrySet().iterator().next();
            switch (only.getKey()) {
                case "Ref":
                    return ref((String) only.getValue());
                case "Fn::GetAtt":
                    List<?> target = (List<?>) only.getValue();
                    return getAtt((String) target.get(0), (String) target.get(1));
                case "Fn::Sub":
                    return sub(only.getValue());
                case "Fn::Join":
                    List<?> join = (List<?>) only.getValue();
                    return String.join((String) join.get(0), ((List<?>) join.get(1)).stream().map(this::resolve).toList());
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("cannot resolve " + value);
    }

    private String ref(String name) {
        if (PSEUDO_PARAMETERS.containsKey(name)) {
            return PSEUDO_PARAMETERS.get(name);
        }
        Map<String, Object> parameters = section("Parameters");
        if (parameters.containsKey(name)) {
            Object value = map(parameters.get(name), name).get("Default");
            return value == null ? "sample-" + name : value.toString();
        }
        return switch (type(name)) {
            case "AWS::Serverless::Function" -> {
                Object functionName = properties(name).get("FunctionName");
                yield functionName == null ? STACK + "-" + name : resolve(functionName);
            }
            case "AWS::S3::Bucket" -> resolve(properties(name).get("BucketName"));
            case "AWS::DynamoDB::Table" -> properties(name).containsKey("TableName") ? resolve(properties(name).get("TableName"))
                    : STACK + "-" + name + "-GENERATED";
            case "AWS::SQS::Queue" -> "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + STACK + "-" + name;
            // a secret's Ref is its ARN, ending in a random suffix
            case "AWS::SecretsManager::Secret" -> "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + name + "-AbCdEf";
            default -> STACK + "-" + name;
        };
    }

    private String getAtt(String id, String attribute) {
        if (!attribute.equals("Arn")) {
            throw new IllegalArgumentException("cannot resolve " + id + "." + attribute);
        }
        return switch (type(id)) {
            case "AWS::DynamoDB::Table" -> "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + ref(id);
            case "AWS::Serverless::Function" -> "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + ref(id);
            case "AWS::S3::Bucket" -> "arn:aws:s3:::" + ref(id);
            case "AWS::SQS::Queue" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + STACK + "-" + id;
            case "AWS::Logs::LogGroup" -> "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + ref(id) + ":*";
            default -> throw new IllegalArgumentException("cannot resolve " + id + ".Arn");
        };
    }

    private String sub(Object value) {
        String text = value instanceof List<?> list ? (String) list.get(0) : (String) value;
        Map<String, Object> locals = value instanceof List<?> list ? map(list.get(1), "Fn::Sub variables") : Map.of();
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (locals.containsKey(name)) {
                replacement = resolve(locals.get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                replacement = getAtt(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1));
            } else {
                replacement = ref(name);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " is not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }

    static List<Object> list(Object value) {
        return value instanceof List<?> list ? new ArrayList<>(list) : value == null ? List.of() : List.of(value);
    }

    /** Reads every {@code !Tag} as CloudFormation's long form: {@code !Ref x} is {@code {"Ref": x}}, {@code !Sub s} is {@code {"Fn::Sub": s}}. */
    private static final class IntrinsicTags extends SafeConstructor {

        IntrinsicTags() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    if (tag.equals("GetAtt") && value instanceof String dotted) {
                        value = List.of(dotted.substring(0, dotted.indexOf('.')), dotted.substring(dotted.indexOf('.') + 1));
                    }
                    return Map.of(tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag, value);
                }
            });
        }
    }
}
