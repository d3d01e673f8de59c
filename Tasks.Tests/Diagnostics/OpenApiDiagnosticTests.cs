using static PForge.Tasks.Tests.Diagnostics.DiagnosticCase;

namespace PForge.Tasks.Tests.Diagnostics;

/// <summary>
/// PF1501..PF1511: <c>openapi:</c> entries and their documents (Tasks.Tests/OpenApi/Documents): unreadable, hostile
/// (deep, aliases of aliases), invalid, not OpenAPI 3, operations that make no tool, credentials. A diagnostic about
/// the document points into it.
/// </summary>
[TestClass]
public sealed class OpenApiDiagnosticTests
{
    public static string Documents => Path.Combine(RepoPaths.FindRoot(), "Tasks.Tests", "OpenApi", "Documents");

    public static IEnumerable<object[]> Cases =>
    [
        Case(
            "PF1501 no such document",
            Yaml.Server("""
                openapi:
                  - spec: nothing-here.yaml
                """),
            Error("PF1501", 5, 11, "The OpenAPI document 'nothing-here.yaml' cannot be read: there is no file '")),
        Case(
            "PF0101 an entry without spec",
            Yaml.Server("""
                openapi:
                  - prefix: x_
                """),
            Error("PF0101", 5, 5, "Missing required key 'spec' in an 'openapi' entry")),
        Case(
            "PF1502 nested too deep, aliases of aliases",
            Yaml.Server("""
                openapi:
                  - spec: deep.yaml
                  - spec: laughs.yaml
                """),
            Error("PF1502", 6, 1203, "The OpenAPI document 'deep.yaml' is not read: it nests values more than 128 levels deep", exact: true),
            Error("PF1502", 11, 22, "The OpenAPI document 'laughs.yaml' is not read: it stands for more than 4,000,000 values once its aliases are expanded", exact: true)),
        Case(
            "PF1503 not YAML, not valid",
            Yaml.Server("""
                openapi:
                  - spec: broken.yaml
                  - spec: bad-type.yaml
                """),
            Error("PF1503", 3, 1, "The OpenAPI document 'broken.yaml' is not valid: Unable to parse the YAML document at line 3, column 1"),
            Error("PF1503", 9, 9, "The OpenAPI document 'bad-type.yaml' is not valid: Invalid schema type identifier: 5", exact: true)),
        Case(
            "PF1504 Swagger 2.0",
            Yaml.Server("""
                openapi:
                  - spec: swagger2.json
                """),
            Error("PF1504", 1, 1, "The document 'swagger2.json' is OpenApi2_0; tools are generated from OpenAPI 3.0 and 3.1 (convert a Swagger 2.0 document first)", exact: true)),
        Case(
            "PF1505 a relative server and no base_url",
            Yaml.Server("""
                openapi:
                  - spec: shop.yaml
                """),
            Error("PF1505", 5, 5, "The first server of the OpenAPI document 'shop.yaml' is '/api', not an absolute http(s) URL: give the entry a 'base_url' such as https://api.example.com/v1", exact: true)),
        Case(
            "PF0104 a base_url that is no http(s) URL",
            Yaml.Server("""
                openapi:
                  - spec: shop.yaml
                    base_url: ftp://shop.example.com
                """),
            Error("PF0104", 6, 15, "Invalid value 'ftp://shop.example.com' for 'base_url': expected an absolute http or https URL without user info, query or fragment, such as https://api.example.com/v1", exact: true)),
        Case(
            "PF1506 an unknown scheme, PF1507 a literal secret",
            Yaml.Server("""
                openapi:
                  - spec: shop.yaml
                    base_url: https://shop.example.com/api
                    auth: { basics: "${B}", query_key: s3cr3t }
                """),
            Warning("PF1507", 7, 40, "'auth.query_key' of 'openapi' entry 'shop.yaml' is written in pforge.yaml"),
            Error("PF1506", 7, 13, "'auth.basics' names no security scheme of 'shop.yaml'; it declares: cookie_key, query_key, basic", exact: true),
            Warning("PF1508", 15, 9, "operation 'createItem'"),
            Warning("PF1508", 19, 7, "operation 'traceItems'"),
            Warning("PF1508", 23, 7, "operation 'getItem'"),
            Warning("PF1508", 36, 7, "operation 'listStoreItems'"),
            Warning("PF1509", 5, 5, "the security schemes basic, cookie_key, query_key")),
        Case(
            "PF1508 operations that make no tool, PF1509 schemes a tool cannot send",
            Yaml.Server("""
                openapi:
                  - spec: shop.yaml
                    base_url: https://shop.example.com/api
                """),
            Warning("PF1508", 15, 9, "No tool for operation 'createItem' (POST /items): its request body is multipart/form-data; http tools send JSON", exact: true),
            Warning("PF1508", 19, 7, "No tool for operation 'traceItems' (TRACE /items): http tools send GET, POST, PUT, DELETE or PATCH, not TRACE", exact: true),
            Warning("PF1508", 23, 7, "No tool for operation 'getItem' (GET /items/{id}): its required cookie parameter 'session' is not one an http tool sends", exact: true),
            Warning("PF1508", 36, 7, "No tool for operation 'listStoreItems' (GET /stores/{storeId}/items): its path names a parameter it does not declare in 'path'", exact: true),
            Warning("PF1509", 5, 5, "Operations of 'shop.yaml' need the security schemes basic, cookie_key, query_key, which 'auth' does not give")),
        Case(
            "PF1510 a declared tool wins, PF1511 nothing selected",
            Yaml.Server("""
                tools:
                  - type: native
                    name: list_items
                openapi:
                  - spec: shop.yaml
                    base_url: https://shop.example.com/api
                    include: { operations: [listItems] }
                  - spec: shop.yaml
                    base_url: https://shop.example.com/api
                    include: { tags: [Items] }
                """),
            Info("PF1510", 8, 11, "Tool 'list_items' is declared in 'tools', so operation 'listItems' (GET /items) makes no tool of that name", exact: true),
            Warning("PF1511", 11, 5, "No operation of 'shop.yaml' is selected")),
    ];

    [TestMethod]
    [DynamicData(nameof(Cases), DynamicDataDisplayName = nameof(DiagnosticCase.Name), DynamicDataDisplayNameDeclaringType = typeof(DiagnosticCase))]
    public void ReportsDiagnostic(string name, string yaml, string[] expected) =>
        DiagnosticAssert.Reports(name, yaml, expected, new GeneratorOptions("App", GenerateEntryPoint: true, ProjectDirectory: Documents));
}
