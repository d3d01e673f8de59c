using System.Security.Cryptography;
using System.Text;
using PForge.Runtime.Settings;
using PForge.Runtime.Tools;

namespace PForge.Runtime.Http.Auth;

/// <summary>
/// The API keys of <c>forge.http.auth.api_keys</c>, read from the environment once. A presented key is compared with
/// every configured one in constant time (SHA-256 digests, so lengths never differ), and all are compared every time.
/// </summary>
internal sealed class ApiKeyCheck
{
    private readonly (byte[] Digest, ToolUser User)[] _keys;

    private ApiKeyCheck((byte[], ToolUser)[] keys) => _keys = keys;

    public bool IsEmpty => _keys.Length == 0;

    /// <summary>Reads each key's variable; a variable unset or empty is a problem named in <paramref name="problem"/>.</summary>
    public static ApiKeyCheck? Create(IReadOnlyList<ApiKeySettings> keys, Func<string, string?> environment, out string? problem)
    {
        var read = new (byte[], ToolUser)[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var value = environment(key.Variable);
            if (string.IsNullOrEmpty(value))
            {
                problem = $"the API key '{key.Name}' is read from the environment variable {key.Variable}, which is not set";
                return null;
            }

            read[i] = (SHA256.HashData(Encoding.UTF8.GetBytes(value)), new ToolUser("api_key", key.Name, key.Scopes));
        }

        problem = null;
        return new ApiKeyCheck(read);
    }

    /// <summary>The caller a key names, or null when it is none of the configured keys.</summary>
    public ToolUser? Find(ReadOnlySpan<char> presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetByteCount(presented);
        var buffer = bytes <= 1024 ? stackalloc byte[bytes] : new byte[bytes];
        Encoding.UTF8.GetBytes(presented, buffer);
        SHA256.HashData(buffer, digest);
        ToolUser? found = null;
        foreach (var (expected, user) in _keys)
        {
            // No early exit: the time taken says nothing about which key, or how much of one, matched.
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
            {
                found = user;
            }
        }

        return found;
    }
}
