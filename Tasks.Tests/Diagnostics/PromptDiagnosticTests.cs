using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF0901..PF0906: prompts, their messages and arguments; the completion handler.</summary>
[TestClass]
public sealed class PromptDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0901 duplicate prompt name",
            Yaml.Server("""
                prompts:
                  - { name: review, template: Review. }
                  - { name: review, template: Again. }
                """),
            Error("PF0901", 6, 13, "Duplicate prompt name 'review' (first declared at line 5)", exact: true)),
        Case(
            "PF0902 prompt with template and messages, and with nothing",
            Yaml.Server("""
                prompts:
                  - name: a
                    template: Hello
                    messages:
                      - { role: user, text: Hello }
                  - name: b
                """),
            Error("PF0902", 7, 5, "Prompt 'a' has 'template' and 'messages': give only one of 'template', 'messages' or 'handler'", exact: true),
            Error("PF0902", 9, 5, "Prompt 'b' needs one of 'template', 'messages' or 'handler'", exact: true)),
        Case(
            "PF0903 bad role",
            Yaml.Server("""
                prompts:
                  - name: a
                    messages:
                      - { role: system, text: Hello }
                """),
            Error("PF0903", 7, 17, "Invalid role 'system' in messages[0] of prompt 'a': expected user or assistant", exact: true)),
        Case(
            "PF0904 message with two contents, embedded resource without text or blob",
            Yaml.Server("""
                prompts:
                  - name: a
                    messages:
                      - role: user
                        text: Hello
                        image: { data: aGVsbG8=, mime_type: image/png }
                      - role: user
                        resource: { uri: "test://a" }
                """),
            Error("PF0904", 9, 9, "messages[0] of prompt 'a' has 'text' and 'image': give exactly one of 'text', 'image', 'audio' or 'resource'", exact: true),
            Error("PF0904", 11, 19, "'resource' of messages[1] of prompt 'a' needs exactly one of 'text' or 'blob'", exact: true)),
        Case(
            "PF0805 image data that is not base64",
            Yaml.Server("""
                prompts:
                  - name: a
                    messages:
                      - role: user
                        image: { data: "%%%", mime_type: image/png }
                """),
            Error("PF0805", 8, 24, "'image.data' of messages[0] of prompt 'a' is not valid base64", exact: true)),
        Case(
            "PF0905 prompt argument that is not a string",
            Yaml.Server("""
                prompts:
                  - name: a
                    arguments: { count: integer, depth: { type: number } }
                    template: "{{count}}"
                """),
            Error("PF0905", 6, 25, "Argument 'count' of prompt 'a' has type 'integer': prompt arguments are text, so the only type is string", exact: true),
            Error("PF0905", 6, 49, "Argument 'depth' of prompt 'a' has type 'number'"),
            Error("PF0403", 7, 16, "Unknown variable 'count' in 'template' of prompt 'a': the prompt has no arguments", exact: true)),
        Case(
            "PF0906 duplicate argument in the list form",
            Yaml.Server("""
                prompts:
                  - name: a
                    arguments:
                      - { name: topic, required: true }
                      - { name: topic }
                    template: "{{topic}}"
                """),
            Error("PF0906", 8, 17, "Duplicate argument 'topic' of prompt 'a' (first declared at line 7)", exact: true)),
        Case(
            "PF0403 unknown argument in a template, PF0404 a path, PF0402 json, PF0401 unclosed",
            Yaml.Server("""
                prompts:
                  - name: a
                    arguments: { topic: string }
                    template: "About {{topc}} and {{topic.x}} and {{json topic}}"
                  - name: b
                    arguments: { topic: string }
                    messages:
                      - role: user
                        resource: { uri: "test://{{topic}", text: x }
                """),
            Error("PF0403", 7, 22, "Unknown variable 'topc' in 'template' of prompt 'a': the prompt's arguments are topic", exact: true),
            Error("PF0404", 7, 35, "Bad path 'topic.x' in 'template' of prompt 'a': 'topic' is a prompt argument (text), which has no members", exact: true),
            Error("PF0402", 7, 51, "Malformed template expression '{{json topic}}' in 'template' of prompt 'a': expected {{argument}} or {{\"text\"}}", exact: true),
            Error("PF0401", 12, 34, "Unclosed '{{' in 'resource.uri' of messages[0] of prompt 'b': the expression must end with '}}'", exact: true)),
        Case(
            "PF0307 default outside the enum, PF0309 required with default",
            Yaml.Server("""
                prompts:
                  - name: a
                    arguments:
                      style: { default: long, enum: [short, brief] }
                      topic: { required: true, default: x }
                    template: "{{style}} {{topic}}"
                """),
            Error("PF0307", 7, 25, "Default value of 'style' violates its own rules: long is not one of short, brief", exact: true),
            Warning("PF0309", 8, 32, "'topic' is required, so its default is never used")),
        Case(
            "PF0205 bad completion handler path",
            Yaml.Server("""
                completion:
                  handler: { path: Handlers.1Complete }
                """),
            Error("PF0205", 5, 20, "Invalid handler path 'Handlers.1Complete'")),
        Case(
            "PF1001 a prompt and a resource share a handler",
            Yaml.Server("""
                resources:
                  - { uri: test://a, name: a, handler: { path: Handlers.Shared } }
                prompts:
                  - { name: p, handler: { path: Handlers.Shared } }
                """),
            Error("PF1001", 7, 33, "'p' and 'a' both become the C# name 'global::App.Handlers.Shared'; rename one of them", exact: true)),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
