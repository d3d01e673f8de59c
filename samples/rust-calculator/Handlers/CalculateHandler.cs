using System.Globalization;
using PForge.Runtime.Tools;

namespace RustCalculator.Handlers;

/// <summary>The Rust example's <c>handlers::calculate_handler</c>, in C#: same operations, same error texts.</summary>
public partial class CalculateHandler
{
    public partial ValueTask<ToolResult> HandleAsync(CalculateInput input, ToolContext context)
    {
        // The Rust YAML declares no enum, so the operation is checked here, as the Rust handler does.
        var result = input.Operation switch
        {
            "add" => input.A + input.B,
            "subtract" => input.A - input.B,
            "multiply" => input.A * input.B,
            "divide" when input.B == 0 => throw new ToolException("Division by zero"),
            "divide" => input.A / input.B,
            _ => throw new ToolException($"Unknown operation: {input.Operation}. Supported: add, subtract, multiply, divide"),
        };
        return ValueTask.FromResult(ToolResult.Text(string.Create(CultureInfo.InvariantCulture, $$"""{"result":{{result}}}""")));
    }
}
