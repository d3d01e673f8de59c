namespace PForge.Mibc;

/// <summary>One record of a method's instrumentation schema (the JIT's PgoInstrumentationSchema) with its values.</summary>
internal readonly record struct SchemaElement(int Kind, int ILOffset, int Count, int Other, long[] Values)
{
    private const int MarshalMask = 0xF;

    /// <summary>The descriptor of the kind (kind / 0x40): 1 basic block count, 6 edge count, 2 and 3 handle histograms, ...</summary>
    public int Descriptor => Kind >> 6;

    public int Marshal => Kind & MarshalMask;

    /// <summary>Block and edge counts: plain numbers at IL offsets, meaningful in any compiler that reads the same IL.</summary>
    public bool IsCount => Descriptor is 1 or 6 && Marshal is 1 or 2;
}

/// <summary>
/// Decodes the runtime's compressed instrumentation data: a stream of variable-length signed integers; each record
/// starts with a mask of the header fields that follow (1 IL offset, 2 kind, 4 count, 8 other), each a delta from the
/// previous record's; then <c>Count</c> values, each a delta from the previous value of its family (numbers, type
/// handles, method handles). A record of kind 0 ends the schema.
/// </summary>
internal static class PgoSchema
{
    public static List<SchemaElement> Decode(byte[] data)
    {
        var elements = new List<SchemaElement>();
        var offset = 0;
        // Deltas are 64-bit (Other may go from int.MinValue to 0 in one step): accumulate wide, keep the low 32 bits.
        long kind = 0, ilOffset = 0, count = 0, other = 0;
        long lastNumber = 0, lastType = 0, lastMethod = 0;
        while (offset < data.Length)
        {
            var mask = ReadLong(data, ref offset);
            if ((mask & 1) != 0)
            {
                ilOffset = unchecked((int)(ilOffset + ReadLong(data, ref offset)));
            }

            if ((mask & 2) != 0)
            {
                kind = unchecked((int)(kind + ReadLong(data, ref offset)));
            }

            if ((mask & 4) != 0)
            {
                count = unchecked((int)(count + ReadLong(data, ref offset)));
            }

            if ((mask & 8) != 0)
            {
                other = unchecked((int)(other + ReadLong(data, ref offset)));
            }

            if (kind == 0)
            {
                return elements;
            }

            var marshal = (int)kind & 0xF;
            var values = new long[marshal == 0 ? 0 : count];
            for (var i = 0; i < values.Length; i++)
            {
                var delta = ReadLong(data, ref offset);
                values[i] = marshal switch
                {
                    3 => lastType += delta,
                    4 => lastMethod += delta,
                    _ => lastNumber += delta,
                };
            }

            elements.Add(new SchemaElement((int)kind, (int)ilOffset, (int)count, (int)other, values));
        }

        throw new InvalidDataException("instrumentation data ends before its Done record");
    }

    /// <summary>One signed integer: 0xxxxxxs (1 byte), 10xxxxxx xxxxxxxs (2 bytes), 0xC1 + 8 bytes, else 0xC0 + 4 bytes.</summary>
    private static long ReadLong(byte[] data, ref int offset)
    {
        var first = data[offset];
        if ((first & 0x80) == 0)
        {
            offset += 1;
            long value = first >> 1;
            return (first & 1) != 0 ? value | unchecked((long)0xffffffffffffffc0) : value;
        }

        if ((first & 0xC0) == 0x80)
        {
            var bits = ((first & 0x3f) << 8) | data[offset + 1];
            offset += 2;
            long value = bits >> 1;
            return (bits & 1) != 0 ? value | unchecked((long)0xffffffffffffe000) : value;
        }

        if (first == 0xC1)
        {
            long value = 0;
            for (var i = 1; i <= 8; i++)
            {
                value = (value << 8) | data[offset + i];
            }

            offset += 9;
            return value;
        }

        var four = (data[offset + 1] << 24) | (data[offset + 2] << 16) | (data[offset + 3] << 8) | data[offset + 4];
        offset += 5;
        return four;
    }
}
