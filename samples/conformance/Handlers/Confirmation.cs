namespace Conformance.Handlers;

/// <summary>The form of the confirmations the input required scenarios ask for.</summary>
internal static class Confirmation
{
    public const string Schema = """{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"]}""";
}
