using System.Text;
using System.Text.Json;

namespace PForge.Runtime.Protocol.Messages;

/// <summary>
/// The per-request protocol fields of revision 2026-07-28 in a request's <c>params._meta</c>: the revision, the client's
/// capabilities and identity, and the log level; <see cref="Error"/> names the first field that is wrong.
/// </summary>
public readonly record struct RequestMeta
{
    public const string VersionKey = "io.modelcontextprotocol/protocolVersion";
    public const string CapabilitiesKey = "io.modelcontextprotocol/clientCapabilities";
    public const string ClientInfoKey = "io.modelcontextprotocol/clientInfo";
    public const string LogLevelKey = "io.modelcontextprotocol/logLevel";

    /// <summary>The longest revision string read; anything longer is reported, never kept.</summary>
    public const int MaxVersionChars = 32;

    private static ReadOnlySpan<byte> ReservedPrefix => "io.modelcontextprotocol/"u8;

    // The keys and the revisions as UTF-8: compared with the JSON as they are (a string is transcoded at each comparison).
    private static readonly byte[] VersionKeyUtf8 = Encoding.UTF8.GetBytes(VersionKey);
    private static readonly byte[] CapabilitiesKeyUtf8 = Encoding.UTF8.GetBytes(CapabilitiesKey);
    private static readonly byte[] ClientInfoKeyUtf8 = Encoding.UTF8.GetBytes(ClientInfoKey);
    private static readonly byte[] LogLevelKeyUtf8 = Encoding.UTF8.GetBytes(LogLevelKey);
    private static readonly byte[][] KnownUtf8 = Array.ConvertAll(ProtocolVersions.All, Encoding.UTF8.GetBytes);

    /// <summary>True when the request carries any per-request protocol field: it is of the per-request era.</summary>
    public bool IsPresent { get; init; }

    public string? ProtocolVersion { get; init; }

    /// <summary>What <c>clientCapabilities</c> declares.</summary>
    internal ClientFeatures Declared { get; init; }

    public bool CanSample => Declared.HasFlag(ClientFeatures.Sampling);

    public bool CanElicit => Declared.HasFlag(ClientFeatures.Elicitation);

    public bool CanListRoots => Declared.HasFlag(ClientFeatures.Roots);

    /// <summary>True when the client declares the Tasks extension in <c>clientCapabilities.extensions</c>.</summary>
    public bool CanRunTasks => Declared.HasFlag(ClientFeatures.Tasks);

    /// <summary>True when the request lets the server ask the client something (sampling, elicitation or roots).</summary>
    public bool CanBeAsked => (Declared & (ClientFeatures.Sampling | ClientFeatures.Elicitation | ClientFeatures.Roots)) != 0;

    /// <summary>The name given in <c>io.modelcontextprotocol/logLevel</c>, or null when the request asks for no logs.</summary>
    public string? LogLevel { get; init; }

    /// <summary>What is wrong with the fields (the message of an Invalid params error), or null.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// True when the params may hold a per-request protocol field (they name the reserved prefix somewhere). A byte
    /// search first: params without a '/' (most tool arguments) skip the dearer search for the prefix (perf gate: −190
    /// instructions a request).
    /// </summary>
    public static bool MayBePresent(ReadOnlySpan<byte> parameters) =>
        parameters.IndexOf((byte)'/') >= 0 && parameters.IndexOf(ReservedPrefix) >= 0;

    /// <summary>
    /// Reads the fields from a request's params (an object or empty). A request that names none of them is of the
    /// handshake era: the bytes are searched first, so such a request costs one vectorized scan.
    /// </summary>
    public static RequestMeta Read(ReadOnlySpan<byte> parameters)
    {
        if (!MayBePresent(parameters))
        {
            return default;
        }

        var reader = new Utf8JsonReader(parameters);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMeta = reader.ValueTextEquals("_meta"u8);
            reader.Read();
            if (isMeta && reader.TokenType == JsonTokenType.StartObject)
            {
                return ReadMeta(ref reader);
            }

            reader.Skip();
        }

        return default;
    }

    private static RequestMeta ReadMeta(ref Utf8JsonReader reader)
    {
        string? version = null, logLevel = null, error = null;
        bool present = false, hasVersion = false, hasCapabilities = false;
        var declared = ClientFeatures.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals(VersionKeyUtf8);
            var isCapabilities = !isVersion && reader.ValueTextEquals(CapabilitiesKeyUtf8);
            var isClientInfo = !isVersion && !isCapabilities && reader.ValueTextEquals(ClientInfoKeyUtf8);
            var isLogLevel = !isVersion && !isCapabilities && !isClientInfo && reader.ValueTextEquals(LogLevelKeyUtf8);
            reader.Read();
            present |= isVersion || isCapabilities || isClientInfo || isLogLevel;
            if (isVersion)
            {
                error ??= hasVersion ? Twice(VersionKey) : null;
                hasVersion = true;
                if (reader.TokenType != JsonTokenType.String)
                {
                    error ??= $"Invalid params: \"_meta.{VersionKey}\" must be a string";
                }
                else if (Known(ref reader) is { } known)
                {
                    // The revisions served are constants: a request naming one allocates nothing for it.
                    version = known;
                }
                else if (reader.ValueSpan.Length > MaxVersionChars * 6 || JsonText.TryGetString(ref reader) is not { } text)
                {
                    error ??= $"Invalid params: \"_meta.{VersionKey}\" is not a protocol revision";
                }
                else
                {
                    version = text;
                }
            }
            else if (isCapabilities)
            {
                error ??= hasCapabilities ? Twice(CapabilitiesKey) : null;
                hasCapabilities = true;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    declared = InitializeParams.ReadCapabilities(reader);
                }
                else
                {
                    error ??= $"Invalid params: \"_meta.{CapabilitiesKey}\" must be an object";
                }
            }
            else if (isClientInfo && reader.TokenType != JsonTokenType.StartObject)
            {
                error ??= $"Invalid params: \"_meta.{ClientInfoKey}\" must be an object";
            }
            else if (isLogLevel)
            {
                if (reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > 64)
                {
                    error ??= $"Invalid params: \"_meta.{LogLevelKey}\" must be a log level name";
                }
                else
                {
                    logLevel = JsonText.TryGetString(ref reader);
                }
            }

            reader.Skip();
        }

        if (present)
        {
            error ??= !hasVersion ? $"Invalid params: \"_meta\" needs \"{VersionKey}\" (a string)"
                : !hasCapabilities ? $"Invalid params: \"_meta\" needs \"{CapabilitiesKey}\" (an object)"
                : null;
        }

        return new RequestMeta
        {
            IsPresent = present,
            ProtocolVersion = version,
            Declared = declared,
            LogLevel = logLevel,
            Error = error,
        };
    }

    private static string? Known(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < KnownUtf8.Length; i++)
        {
            if (reader.ValueTextEquals(KnownUtf8[i]))
            {
                return ProtocolVersions.All[i];
            }
        }

        return null;
    }

    private static string Twice(string key) => $"Invalid params: \"_meta.{key}\" is given more than once";
}
