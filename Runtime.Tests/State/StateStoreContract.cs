using PForge.Runtime.State;

namespace PForge.Runtime.Tests.State;

/// <summary>What every <see cref="IStateStore"/> does, run against each backend by a subclass.</summary>
public abstract class StateStoreContract
{
    /// <summary>A fresh, empty store whose new keys live for <paramref name="defaultTtl"/> (null: forever).</summary>
    protected abstract Task<IStateStore> CreateAsync(TimeSpan? defaultTtl = null);

    /// <summary>Lets <paramref name="by"/> pass for the store's clock (a manual clock moves; redis's own clock is waited for).</summary>
    protected abstract Task AdvanceAsync(TimeSpan by);

    [TestMethod]
    public async Task AnAbsentKeyHasNoValue()
    {
        var store = await CreateAsync();
        Assert.IsNull(await store.GetAsync("nothing"));
        Assert.IsFalse(await store.ExistsAsync("nothing"));
        Assert.IsFalse(await store.DeleteAsync("nothing"));
    }

    [TestMethod]
    public async Task SetGetOverwriteAndDelete()
    {
        var store = await CreateAsync();
        await store.SetAsync("greeting", "hello, wörld");
        Assert.AreEqual("hello, wörld", await store.GetAsync("greeting"));
        Assert.IsTrue(await store.ExistsAsync("greeting"));
        await store.SetAsync("greeting", string.Empty);
        Assert.AreEqual(string.Empty, await store.GetAsync("greeting"));
        Assert.IsTrue(await store.DeleteAsync("greeting"));
        Assert.IsFalse(await store.DeleteAsync("greeting"));
        Assert.IsNull(await store.GetAsync("greeting"));
    }

    [TestMethod]
    public async Task IncrementStartsFromZeroAndReturnsTheNewValue()
    {
        var store = await CreateAsync();
        Assert.AreEqual(1L, await store.IncrementAsync("hits"));
        Assert.AreEqual(6L, await store.IncrementAsync("hits", 5));
        Assert.AreEqual(-4L, await store.IncrementAsync("hits", -10));
        Assert.AreEqual("-4", await store.GetAsync("hits"));
        await store.SetAsync("set", "41");
        Assert.AreEqual(42L, await store.IncrementAsync("set"));
    }

    [TestMethod]
    public async Task IncrementRefusesTextAndOverflow()
    {
        var store = await CreateAsync();
        await store.SetAsync("word", "ten");
        var error = await Assert.ThrowsExactlyAsync<StateStoreException>(() => store.IncrementAsync("word").AsTask());
        Assert.AreEqual("State: the value of 'word' is not an integer, so it cannot be incremented", error.Message);
        Assert.AreEqual("ten", await store.GetAsync("word"));

        await store.SetAsync("big", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        error = await Assert.ThrowsExactlyAsync<StateStoreException>(() => store.IncrementAsync("big").AsTask());
        Assert.AreEqual("State: adding 1 to 'big' would overflow a 64-bit integer", error.Message);
        Assert.AreEqual(long.MinValue + 1, await store.IncrementAsync("small", long.MinValue + 1));
        error = await Assert.ThrowsExactlyAsync<StateStoreException>(() => store.IncrementAsync("small", -2).AsTask());
        Assert.AreEqual("State: adding -2 to 'small' would overflow a 64-bit integer", error.Message);
        Assert.AreEqual(long.MinValue, await store.IncrementAsync("small", -1));
    }

    [TestMethod]
    public async Task ConcurrentIncrementsLoseNothing()
    {
        var store = await CreateAsync();
        var seen = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 125; i++)
            {
                seen.Add(await store.IncrementAsync("shared"));
            }
        }))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.AreEqual("1000", await store.GetAsync("shared"));
        CollectionAssert.AreEquivalent(Enumerable.Range(1, 1000).Select(i => (long)i).ToArray(), seen.ToArray(), "each increment returns its own new value");
    }

    [TestMethod]
    public async Task AKeySetWithATtlExpires()
    {
        var store = await CreateAsync();
        await store.SetAsync("short", "x", TimeSpan.FromMilliseconds(500));
        await store.SetAsync("long", "y");
        Assert.AreEqual("x", await store.GetAsync("short"));
        await AdvanceAsync(TimeSpan.FromMilliseconds(800));
        Assert.IsNull(await store.GetAsync("short"));
        Assert.IsFalse(await store.ExistsAsync("short"));
        Assert.IsFalse(await store.DeleteAsync("short"));
        Assert.AreEqual("y", await store.GetAsync("long"));
        Assert.AreEqual(1L, await store.IncrementAsync("short"), "an expired key counts from zero again");
        await Assert.ThrowsExactlyAsync<ArgumentOutOfRangeException>(() => store.SetAsync("bad", "z", TimeSpan.Zero).AsTask());
    }

    [TestMethod]
    public async Task TheDefaultTtlAppliesToSetsAndNewCountersAndAnIncrementKeepsTheExpiry()
    {
        var store = await CreateAsync(TimeSpan.FromMilliseconds(1000));
        await store.SetAsync("plain", "x");
        await store.SetAsync("own", "y", TimeSpan.FromHours(1));
        Assert.AreEqual(1L, await store.IncrementAsync("counter"));
        await AdvanceAsync(TimeSpan.FromMilliseconds(600));
        Assert.AreEqual(2L, await store.IncrementAsync("counter"));
        await AdvanceAsync(TimeSpan.FromMilliseconds(600));
        Assert.IsNull(await store.GetAsync("plain"));
        Assert.IsNull(await store.GetAsync("counter"), "the increment kept the expiry of the first one");
        Assert.AreEqual("y", await store.GetAsync("own"));
    }
}
