using System.Globalization;
using System.Net;
using System.Text;

namespace PForge.BenchReport;

/// <summary>A horizontal bar chart as a self-contained SVG: one bar per server, its value written at the bar's end.</summary>
internal static class Svg
{
    public static string BarChart(string title, string unit, IReadOnlyList<(string Name, double Value)> bars)
    {
        const int labelWidth = 330;
        const int barArea = 420;
        const int rowHeight = 28;
        const int top = 40;
        var width = labelWidth + barArea + 130;
        var height = top + (bars.Count * rowHeight) + 16;
        var max = bars.Max(b => b.Value);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{width}" height="{height}" fill="#ffffff"/>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="10" y="22" font-size="15" font-weight="bold">{WebUtility.HtmlEncode(title)}</text>""").Append('\n');
        for (var i = 0; i < bars.Count; i++)
        {
            var (name, value) = bars[i];
            var y = top + (i * rowHeight);
            var length = max <= 0 ? 0 : Math.Max(1, value / max * barArea);
            var colour = name.StartsWith("PForge", StringComparison.Ordinal) ? "#2f6fdf" : "#9aa5b1";
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{labelWidth - 8}" y="{y + 17}" text-anchor="end">{WebUtility.HtmlEncode(name)}</text>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{labelWidth}" y="{y + 4}" width="{length:0.#}" height="{rowHeight - 8}" fill="{colour}"/>""").Append('\n');
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{labelWidth + length + 6:0.#}" y="{y + 17}">{Format(value)} {WebUtility.HtmlEncode(unit)}</text>""").Append('\n');
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Format(double value) =>
        value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0#", CultureInfo.InvariantCulture);
}
