using Dpse.Core.Duplicates;
using Dpse.Storage.LiteDb.Duplicates;
using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.Duplicates;

/// <summary>The once-claims contract on a LiteDB file, plus what only a file can show: a claim survives a restart.</summary>
public sealed class LiteDbOnceKeysTests : OnceKeysContract
{
    protected override ValueTask<(IOnceKeys Keys, IAsyncDisposable Owner)> CreateAsync()
    {
        var folder = new TempDatabaseFolder();
        var database = new LiteDbDatabase(folder.DataFile);
        return ValueTask.FromResult<(IOnceKeys, IAsyncDisposable)>((new LiteDbOnceKeys(database), new Owner(database, folder)));
    }

    [Fact]
    public async Task Reopen_ClaimStillHeld()
    {
        using var folder = new TempDatabaseFolder();
        var now = new DateTimeOffset(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);
        using (var database = new LiteDbDatabase(folder.DataFile))
        {
            Assert.True(await new LiteDbOnceKeys(database).TryClaimAsync("slack:envelope:1", now, now.AddMinutes(15), Ct));
        }

        using var reopened = new LiteDbDatabase(folder.DataFile);
        Assert.False(await new LiteDbOnceKeys(reopened).TryClaimAsync("slack:envelope:1", now.AddMinutes(1), now.AddMinutes(16), Ct));
    }

    private sealed class Owner(LiteDbDatabase database, TempDatabaseFolder folder) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            database.Dispose();
            folder.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
