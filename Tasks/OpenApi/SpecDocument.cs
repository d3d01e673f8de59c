using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using PForge.Tasks.Config;
using PForge.Tasks.Diagnostics;

namespace PForge.Tasks.OpenApi;

/// <summary>
/// An OpenAPI document as read for one <c>openapi:</c> entry: its text (from a file beside pforge.yaml, or an http(s)
/// URL fetched at build time, both bounded), the model Microsoft.OpenApi reads from it, and where its diagnostics point.
/// </summary>
internal sealed class SpecDocument
{
    /// <summary>The largest document read (32 MiB of text): hundreds of operations take a few MiB.</summary>
    public const int MaxCharacters = 32 * 1024 * 1024;

    public const int MaxDepth = 128;

    public const long MaxNodes = 4_000_000;

    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(30);

    private SpecDocument(OpenApiDocument model, SpecLocator locator, string? file)
    {
        Model = model;
        Locator = locator;
        File = file;
    }

    public OpenApiDocument Model { get; }

    public SpecLocator Locator { get; }

    /// <summary>The document's file for diagnostics (null for a URL: they then point at the entry's <c>spec</c>).</summary>
    public string? File { get; }

    /// <summary>Reads the entry's document, or null when it cannot (all reported); a file read is added to <paramref name="inputFiles"/>.</summary>
    public static SpecDocument? Load(OpenApiEntry entry, string? baseDirectory, List<string> inputFiles, List<Diagnostic> diagnostics)
    {
        var isUrl = entry.Spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || entry.Spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        string? file = null;
        string? text;
        if (isUrl)
        {
            text = Fetch(entry, diagnostics);
        }
        else
        {
            file = Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), entry.Spec));
            text = ReadFile(entry, file, diagnostics);
            if (text is not null)
            {
                inputFiles.Add(file);
            }
        }

        if (text is null)
        {
            return null;
        }

        var locator = new SpecLocator(text, file, entry.SpecPosition);
        if (YamlLimits.Scan(text, MaxDepth, MaxNodes) is { } limit)
        {
            diagnostics.Add(locator.At(DiagnosticCodes.OpenApiLimit(limit.At, entry.Spec, limit.Kind switch
            {
                YamlLimits.Limit.Depth => $"it nests values more than {MaxDepth} levels deep",
                YamlLimits.Limit.RecursiveAlias => $"alias '*{limit.Anchor}' stands for a node that contains it",
                _ => $"it stands for more than {MaxNodes:N0} values once its aliases are expanded",
            })));
            return null;
        }

        // Only what keeps the document from being read is an error: a rule of the specification it bends (an empty
        // server variable default) does not stop the tools of its operations.
        var settings = new OpenApiReaderSettings { LoadExternalRefs = false, RuleSet = ValidationRuleSet.GetEmptyRuleSet() };
        settings.TryAddReader(OpenApiConstants.Yaml, new Microsoft.OpenApi.YamlReader.OpenApiYamlReader());
        var format = text.TrimStart().StartsWith('{') ? OpenApiConstants.Json : OpenApiConstants.Yaml;
        ReadResult read;
        try
        {
            read = OpenApiDocument.Parse(text, format, settings);
        }
        catch (OpenApiUnsupportedSpecVersionException ex)
        {
            diagnostics.Add(locator.At(DiagnosticCodes.OpenApiVersion(SourcePosition.Start, entry.Spec, $"of version '{ex.SpecificationVersion}'")));
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The reader throws for some malformed values (maxLength: 1.5) instead of reporting them.
            diagnostics.Add(locator.At(DiagnosticCodes.OpenApiInvalid(SourcePosition.Start, entry.Spec, ex.Message)));
            return null;
        }

        if (read.Diagnostic?.Errors is { Count: > 0 } errors)
        {
            // The first few: a broken document tends to repeat the same fault.
            foreach (var error in errors.Take(10))
            {
                diagnostics.Add(locator.At(DiagnosticCodes.OpenApiInvalid(Where(locator, error), entry.Spec, error.Message)));
            }

            return null;
        }

        if (read.Document is null || read.Diagnostic?.SpecificationVersion is not (OpenApiSpecVersion.OpenApi3_0 or OpenApiSpecVersion.OpenApi3_1))
        {
            diagnostics.Add(locator.At(DiagnosticCodes.OpenApiVersion(SourcePosition.Start, entry.Spec, read.Diagnostic?.SpecificationVersion.ToString() ?? "unknown")));
            return null;
        }

        return new SpecDocument(read.Document, locator, file);
    }

    /// <summary>Where an error of the reader is: its pointer, else the line and column a syntax error names.</summary>
    private static SourcePosition Where(SpecLocator locator, OpenApiError error)
    {
        if (!string.IsNullOrEmpty(error.Pointer))
        {
            return locator.Locate(error.Pointer);
        }

        var match = System.Text.RegularExpressions.Regex.Match(error.Message ?? string.Empty, @"at line (\d+), column (\d+)");
        return match.Success && int.TryParse(match.Groups[1].Value, out var line) && int.TryParse(match.Groups[2].Value, out var column)
            ? new SourcePosition(Math.Max(1, line), Math.Max(1, column))
            : SourcePosition.Start;
    }

    private static string? ReadFile(OpenApiEntry entry, string file, List<Diagnostic> diagnostics)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
        {
            diagnostics.Add(DiagnosticCodes.OpenApiNotFound(entry.SpecPosition, entry.Spec, $"there is no file '{file}'"));
            return null;
        }

        // Characters are at most as many as bytes in UTF-8.
        if (info.Length > MaxCharacters * 4L)
        {
            diagnostics.Add(DiagnosticCodes.OpenApiLimit(entry.SpecPosition, entry.Spec, $"it has {info.Length:N0} bytes; the limit is {MaxCharacters:N0} characters"));
            return null;
        }

        var text = System.IO.File.ReadAllText(file);
        if (text.Length > MaxCharacters)
        {
            diagnostics.Add(DiagnosticCodes.OpenApiLimit(entry.SpecPosition, entry.Spec, $"it has {text.Length:N0} characters; the limit is {MaxCharacters:N0}"));
            return null;
        }

        return text;
    }

    private static string? Fetch(OpenApiEntry entry, List<Diagnostic> diagnostics)
    {
        try
        {
            using var client = new HttpClient { Timeout = FetchTimeout, MaxResponseContentBufferSize = MaxCharacters };
            using var response = client.GetAsync(new Uri(entry.Spec)).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                diagnostics.Add(DiagnosticCodes.OpenApiNotFound(entry.SpecPosition, entry.Spec, $"GET answered {(int)response.StatusCode} {response.ReasonPhrase}"));
                return null;
            }

            var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (text.Length > MaxCharacters)
            {
                diagnostics.Add(DiagnosticCodes.OpenApiLimit(entry.SpecPosition, entry.Spec, $"it has {text.Length:N0} characters; the limit is {MaxCharacters:N0}"));
                return null;
            }

            return text;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException or InvalidOperationException)
        {
            var reason = ex is TaskCanceledException ? $"no answer within {FetchTimeout.TotalSeconds:0} s" : ex.Message;
            diagnostics.Add(DiagnosticCodes.OpenApiNotFound(entry.SpecPosition, entry.Spec, reason));
            return null;
        }
    }
}
