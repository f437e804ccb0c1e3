using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Events;
using Dpse.Core.Members;
using Dpse.Core.Messages;
using Dpse.Core.Stories;
using Dpse.Storage.LiteDb.Audit;
using Dpse.Storage.LiteDb.Channels;
using Dpse.Storage.LiteDb.Events;
using Dpse.Storage.LiteDb.Members;
using Dpse.Storage.LiteDb.Stories;
using Dpse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dpse.Storage.LiteDb.Tests.Exchange;

/// <summary>The whole command core over the LiteDB store: a session, then a second "run" on the same file.</summary>
public sealed class LiteDbExchangeTests : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Session_ThenReopenedFile_SeesTheSameExchange()
    {
        using (var database = new LiteDbDatabase(_folder.DataFile))
        using (var exchange = Over(database))
        {
            var shared = await exchange.RunAsync(
                "story share outcome:failure title:\"Search rebuild stalled\" org:\"Anytown Council\" attribution:anonymised "
                + "org-type:\"a district council\" sector:\"local government\" tags:search,solr summary:\"We tried to replace Solr.\" "
                + "lessons:\"Budget for content clean-up first.\"");
            Assert.NotEqual(Tone.Error, shared.Message.Tone);
            Assert.NotEqual(Tone.Error, (await exchange.RunAsync("story share outcome:success title:\"Forms that work\" summary:\"Webform at scale.\"", TestExchange.Bob)).Message.Tone);

            Assert.Contains("S-1", await exchange.RunTextAsync("story search solr", TestExchange.Bob), StringComparison.Ordinal);
            await exchange.RunAsync("story celebrate S-1", TestExchange.Bob);
            await exchange.RunAsync("story celebrate S-1", TestExchange.Bob);
            Assert.NotEqual(Tone.Error, (await exchange.RunAsync("event add title:\"Open Councils\" start:\"2026-12-03 14:00\" tz:Europe/London duration:2h")).Message.Tone);
            Assert.NotEqual(Tone.Error, (await exchange.RunAsync("event rsvp E-1 going", TestExchange.Bob)).Message.Tone);
            Assert.Equal(Tone.Error, (await exchange.RunAsync("story delete S-1", TestExchange.Bob)).Message.Tone);
        }

        using var reopened = new LiteDbDatabase(_folder.DataFile);
        using var again = Over(reopened);

        var story = (await again.Services.GetRequiredService<IStoryStore>().GetAsync(1, TestContext.Current.CancellationToken))!;
        Assert.Equal((ContentStatus.Published, 1, "Anytown Council"), (story.Status, story.Celebrations.Count, story.Organisation));
        var communityEvent = (await again.Services.GetRequiredService<IEventStore>().GetAsync(1, TestContext.Current.CancellationToken))!;
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero), communityEvent.StartUtc);
        Assert.Equal(RsvpStatus.Going, Assert.Single(communityEvent.Rsvps).Status);

        var search = await again.RunTextAsync("story search solr", TestExchange.Bob);
        Assert.Contains("S-1", search, StringComparison.Ordinal);
        Assert.DoesNotContain("Anytown", search, StringComparison.Ordinal);
        Assert.DoesNotContain("S-1", await again.RunTextAsync("story search anytown", TestExchange.Bob), StringComparison.Ordinal);
        Assert.Contains("Search rebuild stalled", await again.RunTextAsync("story show S-1", TestExchange.Bob), StringComparison.Ordinal);
        Assert.NotEqual(Tone.Error, (await again.RunAsync("story share outcome:partial title:\"Third\" summary:\"Later.\"")).Message.Tone);
        Assert.Equal(3, await again.Services.GetRequiredService<IStoryStore>().CountAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(await again.Services.GetRequiredService<IStoryStore>().GetAsync(3, TestContext.Current.CancellationToken));
    }

    private static TestExchange Over(LiteDbDatabase database) => TestExchange.Create(configure: services =>
    {
        services.AddSingleton<IStoryStore>(new LiteDbStoryStore(database));
        services.AddSingleton<IEventStore>(new LiteDbEventStore(database));
        services.AddSingleton<IChannelSettingsStore>(new LiteDbChannelSettingsStore(database));
        services.AddSingleton<IMemberSettingsStore>(new LiteDbMemberSettingsStore(database));
        services.AddSingleton<IAuditLog>(new LiteDbAuditLog(database));
    });
}
