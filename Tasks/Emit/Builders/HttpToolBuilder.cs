using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>The request of an http tool, its text templates compiled over the input record built just before.</summary>
internal static class HttpToolBuilder
{
    public static HttpDescriptor Build(TextTemplateCompiler compiler, HttpConfig http)
    {
        var templates = new List<Templating.Template> { http.Endpoint };
        templates.AddRange(http.Query.Select(q => q.Value));
        templates.AddRange(http.Headers.Select(q => q.Value));
        if (http.Body is not null)
        {
            templates.Add(http.Body);
        }

        var headers = http.Headers.Select(h => new NamedExpressionDescriptor { Name = h.Key, Value = compiler.Text(h.Value) }).ToList();
        if (http.Auth is { } auth)
        {
            templates.Add(auth.Secret);
            if (auth.Username is not null)
            {
                templates.Add(auth.Username);
            }

            headers.Add(auth.Type switch
            {
                "bearer" => new NamedExpressionDescriptor { Name = "Authorization", Value = compiler.Bearer(auth.Secret) },
                "basic" => new NamedExpressionDescriptor { Name = "Authorization", Value = compiler.Basic(auth.Username!, auth.Secret) },
                _ => new NamedExpressionDescriptor { Name = auth.Header!, Value = compiler.Text(auth.Secret) },
            });
        }

        return new HttpDescriptor
        {
            Method = http.Method,
            ReadsInput = TextTemplateCompiler.UsesInput(templates),
            Url = compiler.Url(http.Endpoint),
            Query = [.. http.Query.Select(q => new NamedExpressionDescriptor { Name = q.Key, Value = compiler.Text(q.Value) })],
            Headers = headers,
            Body = http.Body is null ? null : compiler.Body(http.Body),
            ContentType = http.Body is null ? null : TextTemplateCompiler.BodyContentType(http.Body),
            TimeoutMs = http.TimeoutMs,
            MaxResponseBytes = http.MaxResponseBytes,
        };
    }
}
