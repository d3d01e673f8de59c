namespace PForge.Tasks.Tests.OpenApi;

/// <summary>
/// An OpenAPI document of a few operations, written beside a pforge.yaml with an <c>openapi:</c> entry: the http tools
/// it generates, their parameters, requests, credentials and schemas, exactly.
/// </summary>
[TestClass]
public sealed class OpenApiGenerationTests
{
    private const string F = "global::PForge.Runtime.Tools.Templating.TemplateFormat";

    private const string Document = """
        openapi: 3.0.3
        info: { title: Shop, version: "1" }
        servers: [{ url: "https://{region}.shop.example.com/v1", variables: { region: { default: eu } } }]
        security: [{ key: [] }]
        paths:
          /items/{itemId}:
            parameters:
              - { name: itemId, in: path, required: true, schema: { type: integer, minimum: 1 } }
            get:
              operationId: getItem
              summary: Get an item
              description: One item by its id.
              tags: [items]
              parameters:
                - { name: fields, in: query, schema: { type: array, items: { type: string } } }
                - { name: lang, in: query, schema: { type: string, enum: [en, de], default: en } }
                - { name: X-Trace, in: header, schema: { type: string } }
              responses:
                "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Item" } } } }
            delete:
              operationId: deleteItem
              tags: [admin]
              security: [{ token: [] }]
              responses: { "204": { description: gone } }
          /items:
            post:
              operationId: createItem
              summary: Create an item
              requestBody:
                required: true
                content: { application/json: { schema: { $ref: "#/components/schemas/NewItem" } } }
              responses:
                "201": { description: made, content: { application/json: { schema: { $ref: "#/components/schemas/Item" } } } }
          /upload:
            put:
              operationId: upload
              requestBody: { required: true, content: { application/octet-stream: { schema: { type: string, format: binary } } } }
              responses: { "200": { description: ok } }
        components:
          securitySchemes:
            key: { type: apiKey, in: header, name: X-Api-Key }
            token: { type: http, scheme: bearer }
          schemas:
            NewItem:
              type: object
              required: [name]
              properties:
                name: { type: string, maxLength: 80 }
                price: { type: number, minimum: 0 }
                parent: { $ref: "#/components/schemas/Item" }
            Item:
              allOf:
                - $ref: "#/components/schemas/NewItem"
                - type: object
                  required: [id]
                  properties:
                    id: { type: integer }
                    children: { type: array, items: { $ref: "#/components/schemas/Item" } }
        """;

    [TestMethod]
    public void EachOperationBecomesAnHttpToolWithItsRequest()
    {
        var result = Generate(Document, """
            openapi:
              - spec: shop.yaml
                prefix: shop_
                auth: { key: "${SHOP_KEY}", token: "${SHOP_TOKEN}" }
            """);
        Assert.IsTrue(result.Succeeded, string.Join("\n", result.Diagnostics));
        var server = result.Sources.Single(s => s.RelativePath == "PForgeServer.g.cs").Content;

        // Three tools; the upload (a binary body) is skipped with a warning pointing into the document.
        CollectionAssert.AreEqual(new[] { "shop_create_item.input.json", "shop_create_item.output.json", "shop_delete_item.input.json", "shop_get_item.input.json", "shop_get_item.output.json" },
            result.Schemas.Select(s => s.RelativePath).Order(StringComparer.Ordinal).ToArray());
        var skipped = result.Diagnostics.Single(d => d.Code == "PF1508");
        Assert.AreEqual("No tool for operation 'upload' (PUT /upload): its request body is application/octet-stream; http tools send JSON", skipped.Message);
        Assert.AreEqual((Path.Combine(_folder!.Path, "shop.yaml"), 37, 20), (skipped.File, skipped.Line, skipped.Column));

        // getItem: the path value escaped as a segment, an optional query value left out when absent, an array spread,
        // the default kept, the header, the API key from the environment.
        Assert.Contains($"Url = string.Concat(\"https://eu.shop.example.com/v1/items/\", {F}.PathSegment({F}.Text(input.ItemId))),", server);
        Assert.Contains($".. global::System.Linq.Enumerable.Select((input.Fields ?? []), static item => new global::System.Collections.Generic.KeyValuePair<string, string>(\"fields\", {F}.Text(item))),", server);
        Assert.Contains($"new(\"lang\", {F}.Text(input.Lang)),", server);
        Assert.Contains($".. (input.XTrace is null ? [] : new global::System.Collections.Generic.KeyValuePair<string, string>[] {{ new(\"X-Trace\", {F}.Text(input.XTrace)) }}),", server);
        Assert.Contains($"new(\"X-Api-Key\", {F}.Env(\"SHOP_KEY\", null)),", server);

        // deleteItem needs the bearer token; createItem sends its body as given.
        Assert.Contains($"new(\"Authorization\", string.Concat(\"Bearer \", {F}.Env(\"SHOP_TOKEN\", null))),", server);
        Assert.Contains("Method = \"DELETE\",", server);
        Assert.Contains($"Body = {F}.Json(input.Body, global::App.ShopCreateItemInputBody.WriteObject),", server);

        Assert.AreEqual(
            """{"type":"object","properties":{"itemId":{"type":"integer","minimum":1},"fields":{"type":"array","items":{"type":"string"}},"lang":{"type":"string","default":"en","enum":["en","de"]},"X-Trace":{"type":"string"}},"required":["itemId"]}""",
            Compact(result.Schemas.Single(s => s.RelativePath == "shop_get_item.input.json").Content));
        Assert.AreEqual(
            """{"type":"object","properties":{"body":{"type":"object","description":"The request body (JSON).","properties":{"name":{"type":"string","maxLength":80},"price":{"type":"number","minimum":0},"parent":{"type":"object","properties":{"name":{"type":"string","maxLength":80},"price":{"type":"number","minimum":0},"parent":{"type":"object"},"id":{"type":"integer"},"children":{"type":"array","items":{"type":"object"}}},"required":["name","id"]}},"required":["name"]}},"required":["body"]}""",
            Compact(result.Schemas.Single(s => s.RelativePath == "shop_create_item.input.json").Content));

        // The output schema of the 2xx response (Item): refs inlined, Item inside itself cut to any value.
        Assert.AreEqual(
            """{"type":"object","properties":{"name":{"type":"string","maxLength":80},"price":{"type":"number","minimum":0},"parent":{},"id":{"type":"integer"},"children":{"type":"array","items":{}}},"required":["id","name"]}""",
            Compact(result.Schemas.Single(s => s.RelativePath == "shop_get_item.output.json").Content));
    }

    private TempFolder? _folder;

    [TestCleanup]
    public void Cleanup() => _folder?.Dispose();

    private GeneratorResult Generate(string document, string entries, string file = "shop.yaml")
    {
        _folder = new TempFolder();
        File.WriteAllText(Path.Combine(_folder.Path, file), document);
        return Generator.Run("forge: { name: x, version: 1.0.0 }\n" + entries, new GeneratorOptions("App", GenerateEntryPoint: false, ProjectDirectory: _folder.Path));
    }

    private static string Compact(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString();
}
