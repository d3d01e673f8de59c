using System.Buffers.Binary;
using System.Text;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace PForge.Mibc;

/// <summary>The instrumentation data of one method as the runtime wrote it at shutdown (compressed schema and counts).</summary>
internal sealed record TracedMethod(ulong MethodId, string ModulePath, int Token, string Name, byte[] Data);

/// <summary>
/// Reads an EventPipe trace of a run with the JitInstrumentationData keyword: at shutdown the runtime writes one
/// JitInstrumentationDataVerbose event (or several chunks) per instrumented method; ModuleLoad events name the modules.
/// </summary>
internal static class TraceReader
{
    private const int FinalChunk = unchecked((int)0x80000000);

    public static List<TracedMethod> Read(string tracePath, TextWriter log)
    {
        var modules = new Dictionary<ulong, string>();
        var chunks = new Dictionary<ulong, Pending>();
        using var source = new EventPipeEventSource(tracePath);
        source.Clr.LoaderModuleLoad += e => Remember(modules, (ulong)e.ModuleID, e.ModuleILPath);
        // The payload is read by hand: TraceEvent 4.0.0's template for this event is two bytes off on .NET 10.
        source.Clr.JitInstrumentationDataVerboseInstrumentationData += e => Add(chunks, e.EventData());
        source.Process();

        var methods = new List<TracedMethod>();
        var unknownModule = 0;
        foreach (var (id, pending) in chunks)
        {
            if (!pending.Done)
            {
                continue;
            }

            if (!modules.TryGetValue(pending.ModuleId, out var path))
            {
                unknownModule++;
                continue;
            }

            methods.Add(new TracedMethod(id, path, pending.Token, pending.Name, pending.Data.ToArray()));
        }

        log.WriteLine($"pforge-mibc: {chunks.Count} instrumented methods in the trace, {modules.Count} modules, {unknownModule} in no known module");
        return methods;
    }

    private static void Remember(Dictionary<ulong, string> modules, ulong id, string path)
    {
        if (!string.IsNullOrEmpty(path))
        {
            modules[id] = path;
        }
    }

    // ClrInstanceID u16, MethodFlags u32 (chunk index, 0x80000000 on the last), DataSize u32, MethodID u64,
    // ModuleID u64, MethodToken u32, MethodNamespace, MethodName, MethodSignature (UTF-16, NUL-ended), Data.
    private static void Add(Dictionary<ulong, Pending> chunks, byte[] payload)
    {
        var span = payload.AsSpan();
        if (span.Length < 30)
        {
            return;
        }

        var flags = BinaryPrimitives.ReadInt32LittleEndian(span[2..]);
        var size = BinaryPrimitives.ReadInt32LittleEndian(span[6..]);
        var methodId = BinaryPrimitives.ReadUInt64LittleEndian(span[10..]);
        var moduleId = BinaryPrimitives.ReadUInt64LittleEndian(span[18..]);
        var token = BinaryPrimitives.ReadInt32LittleEndian(span[26..]);
        var offset = 30;
        var ns = ReadString(span, ref offset);
        var name = ReadString(span, ref offset);
        ReadString(span, ref offset);
        if (size < 0 || offset + size > span.Length)
        {
            return;
        }

        if (!chunks.TryGetValue(methodId, out var pending))
        {
            pending = new Pending(moduleId, token, ns + "::" + name);
            chunks.Add(methodId, pending);
        }

        var index = flags & ~FinalChunk;
        if (pending.Done || index != pending.NextChunk)
        {
            // Out of order or repeated: this method's data cannot be trusted.
            pending.NextChunk = -1;
            pending.Done = false;
            return;
        }

        pending.Data.AddRange(span.Slice(offset, size));
        pending.NextChunk++;
        pending.Done = (flags & FinalChunk) != 0;
    }

    private static string ReadString(ReadOnlySpan<byte> span, ref int offset)
    {
        var start = offset;
        while (offset + 1 < span.Length && (span[offset] != 0 || span[offset + 1] != 0))
        {
            offset += 2;
        }

        var text = Encoding.Unicode.GetString(span[start..offset]);
        offset += 2;
        return text;
    }

    private sealed class Pending(ulong moduleId, int token, string name)
    {
        public ulong ModuleId { get; } = moduleId;

        public int Token { get; } = token;

        public string Name { get; } = name;

        public List<byte> Data { get; } = [];

        public int NextChunk { get; set; }

        public bool Done { get; set; }
    }
}
