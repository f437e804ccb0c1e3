using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Dpse.Storage.LiteDb.Deliveries;
using Dpse.Testing.Scheduling;

namespace Dpse.Storage.LiteDb.Tests.Deliveries;

/// <summary>The outbox contract on a LiteDB file, plus what only a file can show: records survive a restart.</summary>
public sealed class LiteDbDeliveryStoreTests : DeliveryStoreContract
{
    protected override ValueTask<(IDeliveryStore Store, IAsyncDisposable Owner)> CreateAsync()
    {
        var folder = new TempDatabaseFolder();
        var database = new LiteDbDatabase(folder.DataFile);
        return ValueTask.FromResult<(IDeliveryStore, IAsyncDisposable)>((new LiteDbDeliveryStore(database), new Owner(database, folder)));
    }

    [Fact]
    public async Task Reopen_PendingAndSentRecords_AreStillThere()
    {
        using var folder = new TempDatabaseFolder();
        var due = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var channel = new ChannelRef(Platforms.Discord, "g", "c");
        var pending = Digest(due, channel);
        var sent = Reminder(4, due.AddDays(1), TimeSpan.FromHours(1)) with { Status = DeliveryStatus.Sent, MessageId = "99" };
        using (var database = new LiteDbDatabase(folder.DataFile))
        {
            var store = new LiteDbDeliveryStore(database);
            await store.TryAddAsync(pending, Ct);
            await store.TryAddAsync(sent, Ct);
        }

        using var reopened = new LiteDbDatabase(folder.DataFile);
        var again = new LiteDbDeliveryStore(reopened);

        Assert.Equal([pending], await again.ListPendingAsync(Ct));
        Assert.Equal(sent, await again.GetAsync(sent.Key, Ct));
        Assert.False(await again.TryAddAsync(pending, Ct));
        Assert.Equal(new ChannelTarget(channel), (await again.GetAsync(pending.Key, Ct))!.Target);
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
