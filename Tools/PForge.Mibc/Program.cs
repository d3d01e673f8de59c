using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using PForge.Mibc;

// pforge-mibc <trace.nettrace> <output.mibc> [--exclude <assembly>]...
// pforge-mibc workload <requests.jsonl> <calls> <output.jsonl>
// Converts the instrumentation data of a training run (an EventPipe trace with the JitInstrumentationData keyword)
// into a .mibc profile for ILC (NativeAOT) or crossgen2: the block and edge counts of every instrumented,
// non-generic method of the listed modules. Type and method histograms (guarded devirtualization) are left out.
if (args is ["workload", var requests, var calls, var output])
{
    return Workload.Write(requests, int.Parse(calls, System.Globalization.CultureInfo.InvariantCulture), output);
}

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: pforge-mibc <trace.nettrace> <output.mibc> [--exclude <assembly>]...");
    return 2;
}

var excluded = new HashSet<string>(StringComparer.Ordinal);
for (var i = 2; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--exclude")
    {
        excluded.Add(args[i + 1]);
    }
}

var log = Console.Out;
var traced = TraceReader.Read(args[0], log);
var modules = new Dictionary<string, SourceModule?>(StringComparer.Ordinal);
var profiled = new Dictionary<(string, MethodDefinitionHandle), ProfiledMethod>();
int noCounts = 0, notMethodDef = 0, excludedCount = 0;
try
{
    foreach (var method in traced)
    {
        if (!modules.TryGetValue(method.ModulePath, out var module))
        {
            module = File.Exists(method.ModulePath) ? new SourceModule(method.ModulePath) : null;
            modules.Add(method.ModulePath, module);
        }

        if (module is null || (method.Token >> 24) != 0x06)
        {
            notMethodDef++;
            continue;
        }

        if (excluded.Contains(module.AssemblyName))
        {
            excludedCount++;
            continue;
        }

        var counts = PgoSchema.Decode(method.Data).Where(e => e.IsCount).ToList();
        if (counts.Count == 0 || counts.All(e => e.Values.All(v => v == 0)))
        {
            noCounts++;
            continue;
        }

        var handle = (MethodDefinitionHandle)MetadataTokens.EntityHandle(method.Token);
        var key = (module.Path, handle);
        // Several instantiations share one definition: keep the busiest.
        if (!profiled.TryGetValue(key, out var existing) || Total(existing.Schema) < Total(counts))
        {
            profiled[key] = new ProfiledMethod(module, handle, counts);
        }
    }

    var name = Path.GetFileNameWithoutExtension(args[1]);
    var writer = new MibcWriter(name);
    writer.Write(profiled.Values, args[1]);
    log.WriteLine($"pforge-mibc: wrote {writer.Written} methods to {args[1]} ({noCounts} without counts, {excludedCount} excluded, {notMethodDef} without IL metadata{string.Concat(writer.Skipped.Select(s => $", {s.Value} {s.Key}"))})");
    return writer.Written > 0 ? 0 : 1;
}
finally
{
    foreach (var module in modules.Values)
    {
        module?.Dispose();
    }
}

static long Total(IReadOnlyList<SchemaElement> schema) => schema.Sum(e => e.Values.Sum());
