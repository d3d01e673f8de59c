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

        var headers = http.Headers.Select(h => Named(texts, http, "header:", h)).ToList();
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
            Query = [.. http.Query.Select(q => Named(texts, http, "query:", q))],
            Headers = headers,
            Body = http.Body is null ? null : texts.Body(http.Body),
            ContentType = http.Body is null ? null : TextTemplateBuilder.BodyContentType(http.Body),
            TimeoutMs = http.TimeoutMs,
            MaxResponseBytes = http.MaxResponseBytes,
        };
    }

    /// <summary>A query parameter or header; one made of an optional value is left out when it is absent, an array of scalars in the query spread.</summary>
    private static NamedTextDescriptor Named(TextTemplateBuilder texts, HttpConfig http, string place, KeyValuePair<string, Templating.Template> pair)
    {
        var value = texts.Text(pair.Value);
        var omitted = http.OmittedWhenAbsent.Contains(place + pair.Key) && value.Parts is [{ Kind: "value" } part] ? part.Members : [];
        var spread = place == "query:" && http.ExplodeQueryArrays && texts.Argument(pair.Value) is { Spread: true } argument ? argument : null;
        return new NamedTextDescriptor { Name = pair.Key, Value = value, OmittedWhenNull = spread is null ? omitted : [], Spread = spread };
    }
}
