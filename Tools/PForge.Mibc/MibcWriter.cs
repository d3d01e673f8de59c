using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace PForge.Mibc;

/// <summary>A method of an IL module and its profile: the block and edge counts the JIT reads as static PGO.</summary>
internal sealed record ProfiledMethod(SourceModule Module, MethodDefinitionHandle Method, IReadOnlyList<SchemaElement> Schema);

/// <summary>
/// Writes a .mibc file: an IL-only PE whose global methods carry the profile as IL. <c>AssemblyDictionary</c> holds,
/// per group, <c>ldstr "group name"; ldtoken group-method; pop</c>. A group method holds, per profiled method,
/// <c>ldtoken method</c> (a MemberRef into the method's assembly), then <c>ldstr "InstrumentationDataStart"</c>, the
/// schema as constants (per record: 15, IL offset, kind, count, other, then its values), <c>ldstr "InstrumentationDataEnd"</c>,
/// and <c>pop</c>. Written uncompressed (a plain PE starting with MZ), which ILC and crossgen2 read as well as the zipped form.
/// </summary>
internal sealed class MibcWriter
{
    private readonly MetadataBuilder _metadata = new();
    private readonly BlobBuilder _il = new();
    private readonly MethodBodyStreamEncoder _bodies;
    private readonly Dictionary<string, AssemblyReferenceHandle> _assemblies = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Module, EntityHandle Handle), EntityHandle> _types = [];
    private readonly BlobHandle _voidSignature;

    public MibcWriter(string name)
    {
        _bodies = new MethodBodyStreamEncoder(_il);
        _metadata.AddModule(0, _metadata.GetOrAddString(name + ".dll"), _metadata.GetOrAddGuid(Guid.NewGuid()), default, default);
        _metadata.AddAssembly(_metadata.GetOrAddString(name), new Version(1, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.None);
        _metadata.AddTypeDefinition(default, default, _metadata.GetOrAddString("<Module>"), default,
            MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        var signature = new BlobBuilder();
        new BlobEncoder(signature).MethodSignature().Parameters(0, returnType => returnType.Void(), _ => { });
        _voidSignature = _metadata.GetOrAddBlob(signature);
    }

    public int Written { get; private set; }

    /// <summary>Methods left out, by reason.</summary>
    public SortedDictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);

    public void Write(IEnumerable<ProfiledMethod> methods, string path)
    {
        var groups = new List<(string Name, MethodDefinitionHandle Method)>();
        var number = 0;
        foreach (var group in methods.GroupBy(m => m.Module.AssemblyName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var il = new InstructionEncoder(new BlobBuilder());
            foreach (var method in group)
            {
                EntityHandle reference;
                try
                {
                    reference = MethodReference(method.Module, method.Method);
                }
                catch (NotSupportedException e)
                {
                    // Generic methods and types need their instantiations from the trace's type events: not done yet.
                    Skipped[e.Message] = Skipped.GetValueOrDefault(e.Message) + 1;
                    continue;
                }

                il.OpCode(ILOpCode.Ldtoken);
                il.Token(reference);
                il.LoadString(_metadata.GetOrAddUserString("InstrumentationDataStart"));
                foreach (var element in method.Schema)
                {
                    Constant(il, 0xF);
                    Constant(il, element.ILOffset);
                    Constant(il, element.Kind);
                    Constant(il, element.Count);
                    Constant(il, element.Other);
                    foreach (var value in element.Values)
                    {
                        Constant(il, value);
                    }
                }

                il.LoadString(_metadata.GetOrAddUserString("InstrumentationDataEnd"));
                il.OpCode(ILOpCode.Pop);
                Written++;
            }

            // The group's name lists the assemblies its methods need, the defining one first.
            groups.Add((group.Key + ";", AddGlobalMethod("Assemblies_" + group.Key + "_" + (++number).ToString(System.Globalization.CultureInfo.InvariantCulture), il)));
        }

        var dictionary = new InstructionEncoder(new BlobBuilder());
        foreach (var (name, method) in groups)
        {
            dictionary.LoadString(_metadata.GetOrAddUserString(name));
            dictionary.OpCode(ILOpCode.Ldtoken);
            dictionary.Token(method);
            dictionary.OpCode(ILOpCode.Pop);
        }

        AddGlobalMethod("AssemblyDictionary", dictionary);

        var pe = new ManagedPEBuilder(
            new PEHeaderBuilder(imageCharacteristics: Characteristics.Dll | Characteristics.ExecutableImage),
            new MetadataRootBuilder(_metadata),
            _il,
            flags: CorFlags.ILOnly);
        var image = new BlobBuilder();
        pe.Serialize(image);
        using var file = File.Create(path);
        image.WriteContentTo(file);
    }

    private static void Constant(InstructionEncoder il, long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            il.LoadConstantI4((int)value);
        }
        else
        {
            il.LoadConstantI8(value);
        }
    }

    private MethodDefinitionHandle AddGlobalMethod(string name, InstructionEncoder il)
    {
        ArgumentNullException.ThrowIfNull(il.CodeBuilder);
        il.OpCode(ILOpCode.Ret);
        var body = _bodies.AddMethodBody(il, maxStack: 8);
        return _metadata.AddMethodDefinition(MethodAttributes.Public | MethodAttributes.Static, MethodImplAttributes.IL,
            _metadata.GetOrAddString(name), _voidSignature, body, MetadataTokens.ParameterHandle(1));
    }

    /// <summary>A MemberRef naming the method by its type and signature, every type re-pointed into this module.</summary>
    private MemberReferenceHandle MethodReference(SourceModule module, MethodDefinitionHandle handle)
    {
        var reader = module.Reader;
        var method = reader.GetMethodDefinition(handle);
        var type = method.GetDeclaringType();
        if (method.GetGenericParameters().Count > 0 || reader.GetTypeDefinition(type).GetGenericParameters().Count > 0)
        {
            throw new NotSupportedException("generic");
        }

        if (reader.GetTypeDefinition(type).Name.IsNil || reader.GetString(reader.GetTypeDefinition(type).Name) == "<Module>")
        {
            throw new NotSupportedException("a global method");
        }

        var signature = new BlobBuilder();
        var blob = reader.GetBlobReader(method.Signature);
        CopyMethodSignature(module, ref blob, signature);
        return _metadata.AddMemberReference(TypeReference(module, type), _metadata.GetOrAddString(reader.GetString(method.Name)), _metadata.GetOrAddBlob(signature));
    }

    // ECMA-335 II.23.2.1: calling convention, [generic parameter count], parameter count, return type, parameters.
    private void CopyMethodSignature(SourceModule module, ref BlobReader blob, BlobBuilder output)
    {
        var header = blob.ReadByte();
        output.WriteByte(header);
        if ((header & 0x10) != 0)
        {
            output.WriteCompressedInteger(blob.ReadCompressedInteger());
        }

        var count = blob.ReadCompressedInteger();
        output.WriteCompressedInteger(count);
        for (var i = 0; i <= count; i++)
        {
            CopyType(module, ref blob, output);
        }
    }

    // ECMA-335 II.23.2.12: a type, with custom modifiers, by-ref and sentinel prefixes copied as they come.
    private void CopyType(SourceModule module, ref BlobReader blob, BlobBuilder output)
    {
        var element = blob.ReadByte();
        output.WriteByte(element);
        switch (element)
        {
            case 0x1F or 0x20: // CMOD_REQD, CMOD_OPT: a type token, then the modified type
                CopyTypeToken(module, ref blob, output);
                CopyType(module, ref blob, output);
                break;
            case 0x10 or 0x0F or 0x1D or 0x45 or 0x41: // BYREF, PTR, SZARRAY, PINNED, SENTINEL: then a type
                CopyType(module, ref blob, output);
                break;
            case 0x11 or 0x12: // VALUETYPE, CLASS
                CopyTypeToken(module, ref blob, output);
                break;
            case 0x13 or 0x1E: // VAR, MVAR
                output.WriteCompressedInteger(blob.ReadCompressedInteger());
                break;
            case 0x15: // GENERICINST: CLASS|VALUETYPE, token, argument count, arguments
                output.WriteByte(blob.ReadByte());
                CopyTypeToken(module, ref blob, output);
                var arguments = blob.ReadCompressedInteger();
                output.WriteCompressedInteger(arguments);
                for (var i = 0; i < arguments; i++)
                {
                    CopyType(module, ref blob, output);
                }

                break;
            case 0x14: // ARRAY: type, rank, sizes, lower bounds
                CopyType(module, ref blob, output);
                output.WriteCompressedInteger(blob.ReadCompressedInteger());
                var sizes = blob.ReadCompressedInteger();
                output.WriteCompressedInteger(sizes);
                for (var i = 0; i < sizes; i++)
                {
                    output.WriteCompressedInteger(blob.ReadCompressedInteger());
                }

                var bounds = blob.ReadCompressedInteger();
                output.WriteCompressedInteger(bounds);
                for (var i = 0; i < bounds; i++)
                {
                    output.WriteCompressedSignedInteger(blob.ReadCompressedSignedInteger());
                }

                break;
            case 0x1B: // FNPTR: a whole method signature
                CopyMethodSignature(module, ref blob, output);
                break;
            case >= 0x01 and <= 0x0E or 0x16 or 0x18 or 0x19 or 0x1C: // void, primitives, string, typedbyref, native ints, object
                break;
            default:
                throw new NotSupportedException($"signature element 0x{element:X2}");
        }
    }

    private void CopyTypeToken(SourceModule module, ref BlobReader blob, BlobBuilder output)
    {
        var handle = blob.ReadTypeHandle();
        if (handle.Kind == HandleKind.TypeSpecification)
        {
            throw new NotSupportedException("a TypeSpec in a signature");
        }

        output.WriteCompressedInteger(CodedIndex.TypeDefOrRefOrSpec(TypeReference(module, handle)));
    }

    private EntityHandle TypeReference(SourceModule module, EntityHandle handle)
    {
        if (_types.TryGetValue((module.Path, handle), out var known))
        {
            return known;
        }

        var reader = module.Reader;
        EntityHandle result;
        if (handle.Kind == HandleKind.TypeDefinition)
        {
            var definition = reader.GetTypeDefinition((TypeDefinitionHandle)handle);
            var declaring = definition.GetDeclaringType();
            EntityHandle scope = declaring.IsNil ? Assembly(module.AssemblyIdentity) : TypeReference(module, declaring);
            result = _metadata.AddTypeReference(scope, _metadata.GetOrAddString(reader.GetString(definition.Namespace)), _metadata.GetOrAddString(reader.GetString(definition.Name)));
        }
        else if (handle.Kind == HandleKind.TypeReference)
        {
            var reference = reader.GetTypeReference((TypeReferenceHandle)handle);
            EntityHandle scope = reference.ResolutionScope.Kind switch
            {
                HandleKind.AssemblyReference => Assembly(reader.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).GetAssemblyName()),
                HandleKind.TypeReference => TypeReference(module, (TypeReferenceHandle)reference.ResolutionScope),
                HandleKind.ModuleDefinition => Assembly(module.AssemblyIdentity),
                _ => throw new NotSupportedException($"a type reference scoped by {reference.ResolutionScope.Kind}"),
            };
            result = _metadata.AddTypeReference(scope, _metadata.GetOrAddString(reader.GetString(reference.Namespace)), _metadata.GetOrAddString(reader.GetString(reference.Name)));
        }
        else
        {
            throw new NotSupportedException($"a {handle.Kind} type");
        }

        _types.Add((module.Path, handle), result);
        return result;
    }

    private AssemblyReferenceHandle Assembly(AssemblyName name)
    {
        var simple = name.Name ?? throw new NotSupportedException("an assembly without a name");
        if (_assemblies.TryGetValue(simple, out var known))
        {
            return known;
        }

        var token = name.GetPublicKeyToken();
        var handle = _metadata.AddAssemblyReference(
            _metadata.GetOrAddString(simple),
            name.Version ?? new Version(0, 0, 0, 0),
            string.IsNullOrEmpty(name.CultureName) ? default : _metadata.GetOrAddString(name.CultureName),
            token is { Length: > 0 } ? _metadata.GetOrAddBlob(token) : default,
            default,
            default);
        _assemblies.Add(simple, handle);
        return handle;
    }
}
