namespace CopilotBot.Tests.Storage;

/// <summary>
/// The base of a store contract suite: each database gets a subclass that says how to create an empty store, and
/// every store a test opens is disposed after it.
/// </summary>
public abstract class StoreContractTests<TStore> : IDisposable
    where TStore : class
{
    private readonly List<TStore> _stores = [];

    /// <summary>A new, empty store; each call in one test must reach the same database (a reopened store).</summary>
    protected abstract TStore CreateStoreCore();

    protected TStore CreateStore()
    {
        var store = CreateStoreCore();
        _stores.Add(store);
        return store;
    }

    public virtual void Dispose()
    {
        foreach (var store in _stores)
        {
            (store as IDisposable)?.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
