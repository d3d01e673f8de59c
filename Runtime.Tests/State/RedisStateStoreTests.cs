using PForge.Runtime.State;
using PForge.Runtime.State.Redis;
using PForge.Testing;

namespace PForge.Runtime.Tests.State;

/// <summary>The contract against a real redis-server the class starts (see <see cref="RedisServer"/>).</summary>
[TestClass]
public sealed class RedisStateStoreTests : StateStoreContract, IAsyncDisposable
{
    private static RedisServer? s_server;
    private readonly List<RedisStateStore> _stores = [];

    // Each test gets a prefix of its own: tests run side by side against one server.
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8] + ":";

    private static RedisServer Server => s_server ?? throw new InvalidOperationException("no redis-server");

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        s_server = await RedisServer.StartAsync();
    }

    [ClassCleanup]
    public static void Stop() => s_server?.Dispose();

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected override async Task<IStateStore> CreateAsync(TimeSpan? defaultTtl = null) => await ConnectAsync(_prefix, defaultTtl);

    // Redis keeps its own clock: wait for it.
    protected override Task AdvanceAsync(TimeSpan by) => Task.Delay(by);

    [TestMethod]
    public async Task KeysAreStoredUnderThePrefixAsPlainRedisStrings()
    {
        var store = await ConnectAsync(_prefix);
        await store.SetAsync("name", "pforge");
        Assert.AreEqual(7L, await store.IncrementAsync("count", 7));
        Assert.AreEqual("$6\r\npforge", await Server.CommandAsync($"GET {_prefix}name"));
        Assert.AreEqual(":7", await Server.CommandAsync($"INCRBY {_prefix}count 0"));
        var other = await ConnectAsync(_prefix + "other:");
        Assert.IsNull(await other.GetAsync("name"));
    }

    [TestMethod]
    public async Task TwoConnectionsShareTheCounters()
    {
        var first = await ConnectAsync(_prefix);
        var second = await ConnectAsync(_prefix);
        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 200; i++) { await first.IncrementAsync("n"); } }),
            Task.Run(async () => { for (var i = 0; i < 200; i++) { await second.IncrementAsync("n"); } })).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.AreEqual("400", await first.GetAsync("n"));
    }

    [TestMethod]
    public async Task AnUnreachableServerFailsCallsWithoutNamingThePassword()
    {
        var store = await RedisStateStore.ConnectAsync("127.0.0.1:1,password=hunter2,connectTimeout=200,asyncTimeout=500", _prefix);
        _stores.Add(store);
        var error = await Assert.ThrowsExactlyAsync<StateStoreException>(() => store.IncrementAsync("n").AsTask());
        StringAssert.StartsWith(error.Message, "State: redis at 127.0.0.1:1 cannot be reached (");
        Assert.IsFalse(error.Message.Contains("hunter2", StringComparison.Ordinal), error.Message);
    }

    [TestMethod]
    public async Task ABadConnectionStringIsAClearError()
    {
        var error = await Assert.ThrowsExactlyAsync<StateStoreException>(() => RedisStateStore.ConnectAsync("password=hunter2", _prefix));
        Assert.AreEqual("the redis connection string names no server (host:port)", error.Message);
    }

    private async Task<RedisStateStore> ConnectAsync(string prefix, TimeSpan? defaultTtl = null)
    {
        var store = await RedisStateStore.ConnectAsync(Server.Configuration, prefix, defaultTtl);
        _stores.Add(store);
        return store;
    }
}
