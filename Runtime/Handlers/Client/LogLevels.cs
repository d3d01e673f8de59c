namespace PForge.Runtime.Client;

/// <summary>The protocol names of <see cref="LogLevel"/>, both ways.</summary>
public static class LogLevels
{
    public static ReadOnlySpan<byte> Name(LogLevel level) => level switch
    {
        LogLevel.Debug => "debug"u8,
        LogLevel.Info => "info"u8,
        LogLevel.Notice => "notice"u8,
        LogLevel.Warning => "warning"u8,
        LogLevel.Error => "error"u8,
        LogLevel.Critical => "critical"u8,
        LogLevel.Alert => "alert"u8,
        _ => "emergency"u8,
    };

    /// <summary>The level named <paramref name="name"/>, or null for anything else.</summary>
    public static LogLevel? Parse(string? name) => name switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Info,
        "notice" => LogLevel.Notice,
        "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "alert" => LogLevel.Alert,
        "emergency" => LogLevel.Emergency,
        _ => null,
    };
}
