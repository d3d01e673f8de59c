using System.Globalization;

namespace PForge.Runtime.Settings;

/// <summary>
/// The largest message a client may send: one line over stdio, one POST body over Streamable HTTP. The generated server
/// compiles in <c>forge.max_message_bytes</c> (and <c>forge.http.max_request_body_bytes</c> for HTTP alone); when the
/// server starts, <c>--max-message-bytes</c>, else <c>PFORGE_MAX_MESSAGE_BYTES</c>, wins over both.
/// </summary>
public static class MessageLimit
{
    /// <summary>The environment variable that sets the limit when the command line does not.</summary>
    public const string Variable = "PFORGE_MAX_MESSAGE_BYTES";

    /// <summary>The smallest limit allowed: any lower and a client's own <c>initialize</c> may not fit.</summary>
    public const int MinBytes = 1024;

    /// <summary>The largest limit allowed (1 GiB): one message is held whole in memory.</summary>
    public const int MaxBytes = 1024 * 1024 * 1024;

    /// <summary>The default over stdio (16 MiB): one local client, which started the server.</summary>
    public const int DefaultStdioBytes = 16 * 1024 * 1024;

    /// <summary>The default over HTTP (4 MiB): many clients, each POST held whole while it is read.</summary>
    public const int DefaultHttpBytes = 4 * 1024 * 1024;

    /// <summary>What a value must be, for error messages.</summary>
    public const string Expected = "a whole number of bytes from 1024 to 1073741824";

    /// <summary>A whole number of bytes from <see cref="MinBytes"/> to <see cref="MaxBytes"/>, in decimal digits alone.</summary>
    public static bool TryParse(string? text, out int bytes)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= MinBytes and <= MaxBytes)
        {
            bytes = value;
            return true;
        }

        bytes = 0;
        return false;
    }

    /// <summary>
    /// The limit the command line (<paramref name="commandLine"/>, already checked) or else <see cref="Variable"/> sets,
    /// or null when neither does (the server's own applies). Null, with <paramref name="problem"/>, when the variable is
    /// set to something else.
    /// </summary>
    public static int? Override(int? commandLine, Func<string, string?> environment, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(environment);
        problem = null;
        if (commandLine is { } fromCommandLine)
        {
            return fromCommandLine;
        }

        var text = environment(Variable);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (TryParse(text, out var bytes))
        {
            return bytes;
        }

        problem = $"{Variable} must be {Expected}, not '{text}'";
        return null;
    }
}
