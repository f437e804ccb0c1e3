namespace Dpse.Testing.Contracts;

/// <summary>
/// Base of every store contract: a provider subclasses each contract once and says how to make fresh, empty stores.
/// The same tests then run against every provider (LiteDB today, PostgreSQL later).
/// </summary>
public abstract class StoreContract
{
    /// <summary>Creates the provider's stores over a new, empty database. Each test disposes what it gets.</summary>
    protected abstract ValueTask<ContractStores> CreateStoresAsync();

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;
}
