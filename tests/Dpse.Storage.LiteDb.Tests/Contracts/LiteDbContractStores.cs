using Dpse.Storage.LiteDb.Audit;
using Dpse.Storage.LiteDb.Channels;
using Dpse.Storage.LiteDb.Events;
using Dpse.Storage.LiteDb.Members;
using Dpse.Storage.LiteDb.Stories;
using Dpse.Testing.Contracts;

namespace Dpse.Storage.LiteDb.Tests.Contracts;

/// <summary>The LiteDB stores over a new file in a temp folder; disposing closes the file and deletes the folder.</summary>
internal static class LiteDbContractStores
{
    public static ValueTask<ContractStores> CreateAsync()
    {
        var folder = new TempDatabaseFolder();
        var database = new LiteDbDatabase(folder.DataFile);
        var stores = Over(database, () =>
        {
            database.Dispose();
            folder.Dispose();
            return ValueTask.CompletedTask;
        });
        return ValueTask.FromResult(stores);
    }

    public static ContractStores Over(LiteDbDatabase database, Func<ValueTask>? dispose = null) => new(
        new LiteDbStoryStore(database),
        new LiteDbEventStore(database),
        new LiteDbChannelSettingsStore(database),
        new LiteDbMemberSettingsStore(database),
        new LiteDbAuditLog(database),
        dispose);
}
