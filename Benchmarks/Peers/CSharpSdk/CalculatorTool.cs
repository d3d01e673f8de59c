using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace CSharpSdkPeer;

/// <summary>The calculator of samples/calculator/pforge.yaml, written for the official C# MCP SDK: same name, arguments and result JSON.</summary>
[McpServerToolType]
public sealed class CalculatorTool
{
    [McpServerTool(Name = "calculate", Title = "Calculate", ReadOnly = true, Idempotent = true, OpenWorld = false, UseStructuredContent = true)]
    [Description("Perform arithmetic on two numbers")]
    public static CalculateResult Calculate(
        [Description("The operation to perform")] string operation,
        [Description("First operand")] double a,
        [Description("Second operand")] double b) => operation switch
        {
            "add" => new(a + b),
            "subtract" => new(a - b),
            "multiply" => new(a * b),
            "divide" when b == 0 => throw new McpException("Division by zero"),
            "divide" => new(a / b),
            _ => throw new McpException("operation must be one of add, subtract, multiply, divide"),
        };
}

/// <summary>The tool's output: serialized as <c>{"result":42}</c>.</summary>
public sealed record CalculateResult(double Result);

/// <summary>Source-generated JSON for NativeAOT: the SDK reads the tool's parameters and writes its result with these options.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CalculateResult))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(double))]
public sealed partial class PeerJsonContext : JsonSerializerContext;

/// <summary>The SDK's own JSON options with this peer's source-generated types in front.</summary>
public static class PeerJson
{
    public static JsonSerializerOptions Options { get; } = new(McpJsonUtilities.DefaultOptions)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(PeerJsonContext.Default, McpJsonUtilities.DefaultOptions.TypeInfoResolver),
    };
}
