using PForge.Tasks.Config;

namespace PForge.Tasks.Emit;

/// <summary>The resource, prompt and completion handlers: their types, fields, files and request classes.</summary>
internal static class HandlerBuilder
{
    /// <summary>
    /// A handler, or null when its type collides with another handler's (reported): <paramref name="suffix"/> names its
    /// request class (<c>Request</c>, <c>Arguments</c>), empty for none.
    /// </summary>
    public static HandlerDescriptor? Build(DescriptorContext context, string kind, HandlerPath path, string field, string subject, string suffix, IReadOnlyList<RequestPropertyDescriptor> properties, string origin)
    {
        var ns = string.Join('.', new[] { context.RootNamespace }.Concat(path.Namespace));
        if (context.Collides(context.HandlerNames, $"global::{ns}.{path.TypeName}", origin, path.Position))
        {
            return null;
        }

        var requestClass = suffix.Length == 0 ? string.Empty : path.TypeName + suffix;
        if (requestClass.Length > 0 && context.Collides(context.ClassNames, requestClass, origin, path.Position))
        {
            return null;
        }

        return new HandlerDescriptor
        {
            Kind = kind,
            Namespace = ns,
            ClassName = path.TypeName,
            Field = field,
            File = string.Join('/', path.Namespace.Append(path.TypeName + ".cs")),
            Subject = subject,
            RequestClass = requestClass,
            Properties = properties,
        };
    }
}
