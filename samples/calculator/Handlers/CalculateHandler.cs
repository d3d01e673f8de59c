using PForge.Runtime.Tools;

namespace Calculator.Handlers;

/// <summary>Handles tool 'calculate' declared in pforge.yaml.</summary>
public partial class CalculateHandler
{
    public partial ValueTask<CalculateOutput> HandleAsync(CalculateInput input, ToolContext context)
    {
        // The generated reader has already checked that operation is one of the four enum values.
        var result = input.Operation switch
        {
            "add" => input.A + input.B,
            "subtract" => input.A - input.B,
            "multiply" => input.A * input.B,
            _ when input.B == 0 => throw new ToolException("Division by zero"),
            _ => input.A / input.B,
        };
        return ValueTask.FromResult(new CalculateOutput { Result = result });
    }
}
