using PForge.Runtime.State;
using PForge.Runtime.State.Sqlite;

namespace PForge.Runtime.Tests.State;

[TestClass]
public sealed class SqliteStateStoreTests : StateStoreContract, IDisposable
{
    private readonly ManualTime _time = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("pforge-sqlite-").FullName;
    private readonly List<SqliteStateStore> _stores = [];

    private string DatabasePath => Path.Combine(_directory, "state", "test.db");

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    protected override Task<IStateStore> CreateAsync(TimeSpan? defaultTtl = null) =>
        Task.FromResult<IStateStore>(Open("test:", defaultTtl));

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        return Task.CompletedTask;
    }

    [TestMethod]
    public async Task ValuesSurviveClosingAndOpeningTheFileAgain()
    {
        var store = Open("app:");
        await store.SetAsync("name", "pforge");
        Assert.AreEqual(3L, await store.IncrementAsync("count", 3));
        store.Dispose();

        var again = Open("app:");
        Assert.AreEqual("pforge", await again.GetAsync("name"));
        Assert.AreEqual(4L, await again.IncrementAsync("count"));
    }

    [TestMethod]
    public async Task ThePrefixKeepsServersSharingAFileApart()
    {
        var first = Open("one:");
        var second = Open("two:");
        await first.SetAsync("key", "first");
        Assert.IsNull(await second.GetAsync("key"));
        await second.SetAsync("key", "second");
        Assert.AreEqual("first", await first.GetAsync("key"));
        Assert.AreEqual(1L, await second.IncrementAsync("n"));
        Assert.AreEqual(1L, await first.IncrementAsync("n"));
    }

    [TestMethod]
    public async Task TheDatabaseIsInWalModeWithItsTable()
    {
        var store = Open(string.Empty);
        await store.SetAsync("k", "v");
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.AreEqual("wal", command.ExecuteScalar());
        command.CommandText = "SELECT key || '=' || value || ',' || ifnull(expires_at, 'never') FROM pforge_state";
        Assert.AreEqual("k=v,never", command.ExecuteScalar());
    }

    [TestMethod]
    public void AFileThatIsNoDatabaseIsAClearError()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        File.WriteAllText(DatabasePath, new string('x', 4096));
        var error = Assert.ThrowsExactly<StateStoreException>(() => Open(string.Empty));
        Assert.AreEqual($"'{DatabasePath}' is not a usable SQLite database: SQLite Error 26: 'file is not a database'.", error.Message);
    }

    private SqliteStateStore Open(string prefix, TimeSpan? defaultTtl = null)
    {
        var store = SqliteStateStore.Open(DatabasePath, prefix, defaultTtl, _time);
        _stores.Add(store);
        return store;
    }
}
