using Dpse.Core.Duplicates;
using Dpse.Testing.Contracts;

namespace Dpse.Core.Tests.Duplicates;

/// <summary>The in-memory claims (tests, and stores one process uses) keep the same contract as the shared stores.</summary>
public sealed class InMemoryOnceKeysTests : OnceKeysContract
{
    protected override ValueTask<(IOnceKeys Keys, IAsyncDisposable Owner)> CreateAsync() =>
        ValueTask.FromResult<(IOnceKeys, IAsyncDisposable)>((new InMemoryOnceKeys(), new Nothing()));

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
