using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>The request of an http tool, its text templates bound to the input record built just before.</summary>
internal static class HttpToolBuilder
{
    public static HttpDescriptor Build(TextTemplateBuilder texts, HttpConfig http)
    {
        var templates = new List<Templating.Template> { http.Endpoint };
        templates.AddRange(http.Query.Select(q => q.Value));
        templates.AddRange(http.Headers.Select(q => q.Value));
        if (http.Body is not null)
        {
            templates.Add(http.Body);
        }

        var headers = http.Headers.Select(h => new NamedTextDescriptor { Name = h.Key, Value = texts.Text(h.Value) }).ToList();
        if (http.Auth is { } auth)
        {
            templates.Add(auth.Secret);
            if (auth.Username is not null)
            {
                templates.Add(auth.Username);
            }

            headers.Add(auth.Type switch
            {
                "bearer" => new NamedTextDescriptor { Name = "Authorization", Value = texts.Text(auth.Secret), Auth = "bearer" },
                "basic" => new NamedTextDescriptor { Name = "Authorization", Value = texts.Text(auth.Secret), Auth = "basic", Username = texts.Text(auth.Username!) },
                _ => new NamedTextDescriptor { Name = auth.Header!, Value = texts.Text(auth.Secret) },
            });
        }

        return new HttpDescriptor
        {
            Method = http.Method,
            ReadsInput = TextTemplateBuilder.UsesInput(templates),
            Url = texts.Url(http.Endpoint),
            Query = [.. http.Query.Select(q => new NamedTextDescriptor { Name = q.Key, Value = texts.Text(q.Value) })],
            Headers = headers,
            Body = http.Body is null ? null : texts.Body(http.Body),
            ContentType = http.Body is null ? null : TextTemplateBuilder.BodyContentType(http.Body),
            TimeoutMs = http.TimeoutMs,
            MaxResponseBytes = http.MaxResponseBytes,
        };
    }
}
