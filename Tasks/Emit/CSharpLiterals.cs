using System.Globalization;
using Scriban.Runtime;

namespace PForge.Tasks.Emit;

/// <summary>
/// The <c>cs</c> functions of the codegen templates: each formats one value as a C# literal (<c>cs.string</c>,
/// <c>cs.utf8</c>, <c>cs.int</c>, <c>cs.long</c>, <c>cs.double</c>, <c>cs.number</c>, <c>cs.bool</c>; <c>cs.strings</c>
/// joins string literals, e.g. <c>"a" or "b"</c>) or as doc-comment text (<c>cs.doc</c>). Atoms only: the templates
/// shape every statement around them.
/// </summary>
internal static class CSharpLiterals
{
    /// <summary>The functions as one read-only Scriban object, shared by every render.</summary>
    public static ScriptObject Functions { get; } = Create();

    private static ScriptObject Create()
    {
        var functions = new ScriptObject();
        // A null string is the C# null: optional values ("string or null") need no branch in a template.
        functions.Import("string", new Func<string?, string>(value => value is null ? "null" : CSharpNames.StringLiteral(value)));
        functions.Import("utf8", new Func<string, string>(CSharpNames.Utf8Literal));
        functions.Import("int", new Func<object?, string>(Integer));
        functions.Import("long", new Func<object, string>(value => CSharpNames.LongLiteral(Convert.ToInt64(value, CultureInfo.InvariantCulture))));
        functions.Import("double", new Func<object, string>(value => CSharpNames.DoubleLiteral(Convert.ToDouble(value, CultureInfo.InvariantCulture))));
        // Pipelines write the shortest form (18d), records a decimal point (18.0d): both kept as they were.
        functions.Import("number", new Func<object, string>(value => Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) + "d"));
        functions.Import("bool", new Func<bool, string>(value => value ? "true" : "false"));
        functions.Import("strings", new Func<System.Collections.IEnumerable, string, string>(Strings));
        functions.Import("doc", new Func<string?, string>(CSharpNames.XmlDoc));
        functions.IsReadOnly = true;
        return functions;
    }

    /// <summary>An integer without suffix (an <c>int</c> where the target is an int); null is the C# null.</summary>
    private static string Integer(object? value) => value switch
    {
        null => "null",
        int or long or short or byte => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => throw new InvalidOperationException($"cs.int of a {value.GetType().Name}"),
    };

    /// <summary>Each value as a C# string literal, joined by <paramref name="separator"/>.</summary>
    private static string Strings(System.Collections.IEnumerable values, string separator) =>
        string.Join(separator, values.Cast<object>().Select(value => CSharpNames.StringLiteral((string)value)));
}
