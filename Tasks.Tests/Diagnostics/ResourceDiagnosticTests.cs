using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>PF0801..PF0811: resources and resource templates.</summary>
[TestClass]
public sealed class ResourceDiagnosticTests
{
    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF0801 resource without uri, PF0101 without name",
            Yaml.Server("""
                resources:
                  - name: a
                    text: hello
                  - uri: test://b
                    text: hello
                """),
            Error("PF0801", 5, 5, "Resource 'a' needs 'uri' (a static resource) or 'uri_template' (a template)", exact: true),
            Error("PF0101", 7, 5, "Missing required key 'name' in a resource", exact: true)),
        Case(
            "PF0801 resource with uri and uri_template",
            Yaml.Server("""
                resources:
                  - uri: test://a
                    uri_template: test://{id}
                    name: a
                    handler: { path: Handlers.A }
                """),
            Error("PF0801", 6, 5, "Resource 'a' has both 'uri' and 'uri_template': a resource is static or a template, not both", exact: true)),
        Case(
            "PF0802 duplicate uri, PF0803 duplicate name",
            Yaml.Server("""
                resources:
                  - { uri: test://a, name: a, text: one }
                  - { uri: test://a, name: b, text: two }
                  - { uri: test://c, name: a, text: three }
                """),
            Error("PF0802", 6, 12, "Duplicate resource URI 'test://a' (first declared at line 5)", exact: true),
            Error("PF0803", 7, 28, "Duplicate resource name 'a' (first declared at line 5)", exact: true)),
        Case(
            "PF0804 static resource with no content, and with text and blob",
            Yaml.Server("""
                resources:
                  - uri: test://a
                    name: a
                  - uri: test://b
                    name: b
                    text: hello
                    blob: aGVsbG8=
                """),
            Error("PF0804", 5, 5, "Static resource 'a' needs exactly one of 'text', 'blob', 'file' or 'handler'", exact: true),
            Error("PF0804", 10, 5, "Static resource 'b' has 'text' and 'blob': give exactly one of 'text', 'blob', 'file' or 'handler'", exact: true)),
        Case(
            "PF0805 blob that is not base64",
            Yaml.Server("""
                resources:
                  - uri: test://a
                    name: a
                    blob: "not base64!"
                """),
            Error("PF0805", 7, 11, "'blob' of resource 'a' is not valid base64", exact: true)),
        Case(
            "PF0806 file not found",
            Yaml.Server("""
                resources:
                  - uri: docs://readme
                    name: readme
                    file: does-not-exist/README.md
                """),
            Error("PF0806", 7, 11, "File 'does-not-exist/README.md' of resource 'readme' was not found (the path is relative to the project folder)", exact: true)),
        Case(
            "PF0807 template without handler, and with text",
            Yaml.Server("""
                resources:
                  - uri_template: "test://items/{id}"
                    name: item
                  - uri_template: "test://users/{id}"
                    name: user
                    text: hello
                    handler: { path: Handlers.User }
                """),
            Error("PF0807", 5, 5, "Resource template 'item' needs a 'handler': its contents are computed when a URI of it is read", exact: true),
            Error("PF0807", 9, 5, "Resource template 'user' cannot have 'text': a template's contents come from its 'handler'", exact: true)),
        Case(
            "PF0808 URI template operators, lists and modifiers",
            Yaml.Server("""
                resources:
                  - uri_template: "file:///{+path}"
                    name: a
                    handler: { path: Handlers.A }
                  - uri_template: test://search{?q}
                    name: b
                    handler: { path: Handlers.B }
                  - uri_template: test://{a,b}
                    name: c
                    handler: { path: Handlers.C }
                  - uri_template: test://{list*}
                    name: d
                    handler: { path: Handlers.D }
                """),
            Error("PF0808", 5, 28, "Unsupported expression '{+path}' in 'uri_template' of resource 'a': the operator '+' is RFC 6570 level 2 or 3; only {name} (RFC 6570 level 1) is served", exact: true),
            Error("PF0808", 8, 32, "Unsupported expression '{?q}' in 'uri_template' of resource 'b': the operator '?' is RFC 6570 level 2 or 3"),
            Error("PF0808", 11, 26, "Unsupported expression '{a,b}' in 'uri_template' of resource 'c': a list of variables is RFC 6570 level 3"),
            Error("PF0808", 14, 26, "Unsupported expression '{list*}' in 'uri_template' of resource 'd': a modifier ('*' or ':n') is RFC 6570 level 4")),
        Case(
            "PF0809 malformed URI templates",
            Yaml.Server("""
                resources:
                  - uri_template: test://{id
                    name: a
                    handler: { path: Handlers.A }
                  - uri_template: test://{a}{b}
                    name: b
                    handler: { path: Handlers.B }
                  - uri_template: test://{id}/x/{id}
                    name: c
                    handler: { path: Handlers.C }
                  - uri_template: test://{}/x}
                    name: d
                    handler: { path: Handlers.D }
                """),
            Error("PF0809", 5, 26, "Malformed 'uri_template' of resource 'a': the '{' has no closing '}'", exact: true),
            Error("PF0809", 8, 29, "Malformed 'uri_template' of resource 'b': 'b' follows 'a' with no text between them, so no URI tells where one ends", exact: true),
            Error("PF0809", 11, 33, "Malformed 'uri_template' of resource 'c': variable 'id' appears twice", exact: true),
            Error("PF0809", 14, 26, "Malformed 'uri_template' of resource 'd': the expression is empty", exact: true)),
        Case(
            "PF0810 variables not in the template",
            Yaml.Server("""
                resources:
                  - uri_template: "test://items/{id}"
                    name: item
                    handler: { path: Handlers.Item }
                    variables:
                      id: { description: Item id }
                      name: { enum: [a, b] }
                """),
            Error("PF0810", 10, 7, "'variables' of resource 'item' names 'name', which is not in its URI: the variables of 'test://items/{id}' are id", exact: true)),
        Case(
            "PF0811 URI without a scheme",
            Yaml.Server("""
                resources:
                  - uri: readme
                    name: readme
                    text: hello
                """),
            Error("PF0811", 5, 10, "'uri' of resource 'readme' must be an absolute URI with a scheme, such as 'docs://readme' or 'file:///notes.txt', not 'readme'", exact: true)),
        Case(
            "PF0104 unknown supports value, PF0310 empty variable enum",
            Yaml.Server("""
                resources:
                  - uri_template: "test://items/{id}"
                    name: item
                    handler: { path: Handlers.Item }
                    supports: [read, watch]
                    variables:
                      id: { enum: [] }
                """),
            Error("PF0104", 8, 22, "Invalid value 'watch' for 'supports': expected read or subscribe", exact: true),
            Error("PF0310", 10, 19, "'enum' of 'id' is empty: no value could ever pass", exact: true)),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) => DiagnosticAssert.Reports(name, yaml, expected);
}
