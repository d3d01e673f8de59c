using PForge.Runtime.State;

namespace PForge.Runtime.Tests.State;

[TestClass]
public sealed class MemoryStateStoreTests : StateStoreContract
{
    private readonly ManualTime _time = new();

    protected override Task<IStateStore> CreateAsync(TimeSpan? defaultTtl = null) =>
        Task.FromResult<IStateStore>(new MemoryStateStore(defaultTtl, _time));

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _time.Advance(by);
        return Task.CompletedTask;
    }

    [TestMethod]
    public async Task ExpiredKeysAreSweptAsWritesGoOn()
    {
        var store = new MemoryStateStore(TimeSpan.FromSeconds(1), _time);
        for (var i = 0; i < 100; i++)
        {
            await store.SetAsync("old" + i, "x");
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        for (var i = 0; i < 4096; i++)
        {
            await store.SetAsync("new", "y");
        }

        Assert.AreEqual(1, store.Count);
    }

    [TestMethod]
    public void EveryCallCompletesSynchronously()
    {
        var store = new MemoryStateStore();
        Assert.IsTrue(store.SetAsync("k", "1").IsCompletedSuccessfully);
        Assert.IsTrue(store.IncrementAsync("k").IsCompletedSuccessfully);
        Assert.IsTrue(store.GetAsync("k").IsCompletedSuccessfully);
    }
}
