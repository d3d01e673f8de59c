using System.Globalization;

/// <summary>
/// Loaded by the runtime before Main when DOTNET_STARTUP_HOOKS names this assembly. When the file
/// <c>$PFORGE_HEAP_PROBE.go</c> appears (the load driver writes it after the initialize response), it runs a full
/// blocking compacting collection and writes the live managed bytes and the GC heap size to <c>$PFORGE_HEAP_PROBE</c>.
/// The probe's own thread and strings add a few hundred bytes, the same for every server.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var report = Environment.GetEnvironmentVariable("PFORGE_HEAP_PROBE");
        if (string.IsNullOrEmpty(report))
        {
            return;
        }

        var thread = new Thread(() => Watch(report)) { IsBackground = true, Name = "pforge-heap-probe" };
        thread.Start();
    }

    private static void Watch(string report)
    {
        var go = report + ".go";
        while (!File.Exists(go))
        {
            Thread.Sleep(5);
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var live = GC.GetTotalMemory(forceFullCollection: false);
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes;
        var text = string.Create(CultureInfo.InvariantCulture, $"{{\"totalMemoryBytes\":{live},\"heapSizeBytes\":{heap}}}");
        File.WriteAllText(report + ".tmp", text);
        File.Move(report + ".tmp", report);
    }
}
