using PForge.Fuzz;
using SharpFuzz;

// PForge.Fuzz <jsonrpc|arguments|yaml|openapi> [file]: with a file, runs that one input (to replay a crash); without, serves
// AFL++ (scripts/fuzz). An exception that escapes a target is a finding.
if (args.Length is < 1 or > 2 || Targets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine("usage: PForge.Fuzz <jsonrpc|arguments|yaml|openapi> [input file]");
    return 2;
}

if (args.Length == 2)
{
    target(File.ReadAllBytes(args[1]));
    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
