using System.Security.Cryptography;
using System.Text;

namespace PForge.Tasks.OpenApi;

/// <summary>
/// Tool names from operations: the prefix and the operationId in snake_case (<c>getPetById</c> → <c>get_pet_by_id</c>),
/// or the method and path without one (<c>get_pets_pet_id</c>); MCP's characters only, at most 64 (a longer name keeps
/// its first 55 and a hash of the whole), a clash numbered. Deterministic: the same document gives the same names.
/// </summary>
internal static class ToolNames
{
    public const int MaxLength = 64;

    public static string For(string prefix, string? operationId, string method, string path)
    {
        var basis = operationId is { Length: > 0 } id ? id : method.ToLowerInvariant() + "_" + path;
        var name = prefix + Snake(basis);
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return name[..(MaxLength - 9)].TrimEnd('_') + "_" + hash;
    }

    /// <summary>The name, or the name with <c>_2</c>, <c>_3</c>… when taken (kept within 64 characters).</summary>
    public static string Unique(string name, ISet<string> taken)
    {
        var candidate = name;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            candidate = (name.Length + suffix.Length > MaxLength ? name[..(MaxLength - suffix.Length)] : name) + suffix;
        }

        return candidate;
    }

    /// <summary>camelCase, PascalCase, kebab-case, paths and spaces to snake_case; other characters dropped.</summary>
    internal static string Snake(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                var boundary = char.IsAsciiLetterUpper(c) && i > 0
                    && (char.IsAsciiLetterLower(text[i - 1]) || char.IsAsciiDigit(text[i - 1]) || (i + 1 < text.Length && char.IsAsciiLetterLower(text[i + 1]) && char.IsAsciiLetterUpper(text[i - 1])));
                if (boundary && builder.Length > 0 && builder[^1] != '_')
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else if (c is '.' or '-')
            {
                // MCP allows them, but a name of one style reads better.
                if (builder.Length > 0 && builder[^1] != '_')
                {
                    builder.Append('_');
                }
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        var snake = builder.ToString().Trim('_');
        return snake.Length == 0 ? "operation" : snake;
    }
}
