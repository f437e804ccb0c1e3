using Dpse.Core.Deliveries;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Xunit;

namespace Dpse.Testing.Scheduling;

/// <summary>
/// The contract every <see cref="IDeliveryStore"/> passes: records round-trip field for field, keys are unique even
/// under concurrent adds, the pending list follows updates, and subjects list only their own records. A provider
/// subclasses it once and says how to make a fresh, empty store.
/// </summary>
public abstract class DeliveryStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, 123, TimeSpan.Zero);
    private static readonly ChannelRef Channel = new(Platforms.Discord, "guild-1", "chan-1");
    private static readonly ActorRef Person = new(Platforms.Slack, "T1", "U1");

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a fresh, empty store; the test disposes the owner (closing and deleting any file) at the end.</summary>
    protected abstract ValueTask<(IDeliveryStore Store, IAsyncDisposable Owner)> CreateAsync();

    /// <summary>A pending digest record.</summary>
    protected static DeliveryRecord Digest(DateTimeOffset due, ChannelRef? channel = null) => new()
    {
        Key = DeliveryKeys.Digest(channel ?? Channel, due.AddDays(-7), due),
        Kind = DeliveryKind.Digest,
        Subject = DeliveryKeys.DigestSubject(channel ?? Channel),
        Target = new ChannelTarget(channel ?? Channel),
        DueAt = due,
        PeriodStart = due.AddDays(-7),
        PeriodEnd = due,
        CreatedAt = due,
        UpdatedAt = due,
    };

    /// <summary>A pending reminder record to a person.</summary>
    protected static DeliveryRecord Reminder(int eventNumber, DateTimeOffset start, TimeSpan offset) => new()
    {
        Key = DeliveryKeys.Reminder(eventNumber, start, offset, new DirectTarget(Person)),
        Kind = DeliveryKind.Reminder,
        Subject = DeliveryKeys.EventSubject(eventNumber),
        Target = new DirectTarget(Person),
        DueAt = start - offset,
        EventNumber = eventNumber,
        EventStart = start,
        Offset = offset,
        CreatedAt = start - offset,
        UpdatedAt = start - offset,
    };

    [Fact]
    public async Task TryAdd_NewRecords_RoundTripFieldForField()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var digest = Digest(T0) with { Late = true, Attempts = 2, Error = "503", NextAttemptAt = T0.AddSeconds(30), AttemptStartedAt = T0.AddMilliseconds(7) };
        var reminder = Reminder(3, T0.AddDays(1), TimeSpan.FromHours(24)) with { Status = DeliveryStatus.Sent, MessageId = "1234567890" };
        var notice = new DeliveryRecord
        {
            Key = DeliveryKeys.Moved(3, T0.AddDays(2)) + "|at 1",
            Kind = DeliveryKind.EventMoved,
            Subject = DeliveryKeys.EventSubject(3),
            DueAt = T0,
            EventNumber = 3,
            EventStart = T0.AddDays(2),
            PreviousEventStart = T0.AddDays(1),
            Note = "Venue \"changed\" <@everyone>",
            CreatedAt = T0,
            UpdatedAt = T0,
        };

        Assert.True(await store.TryAddAsync(digest, Ct));
        Assert.True(await store.TryAddAsync(reminder, Ct));
        Assert.True(await store.TryAddAsync(notice, Ct));

        Assert.Equal(digest, await store.GetAsync(digest.Key, Ct));
        Assert.Equal(reminder, await store.GetAsync(reminder.Key, Ct));
        Assert.Equal(notice, await store.GetAsync(notice.Key, Ct));
        Assert.Null(await store.GetAsync("digest|nope", Ct));
    }

    [Fact]
    public async Task DeleteDirectMessagesTo_Person_RemovesOnlyTheirRecords()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var digest = Digest(T0);
        await store.TryAddAsync(digest, Ct);
        await store.TryAddAsync(Reminder(3, T0.AddDays(2), TimeSpan.FromHours(24)), Ct);
        await store.TryAddAsync(Reminder(3, T0.AddDays(2), TimeSpan.FromHours(1)), Ct);

        var removed = await store.DeleteDirectMessagesToAsync(Person, Ct);

        Assert.Equal(2, removed);
        Assert.Empty(await store.ListBySubjectAsync(DeliveryKeys.EventSubject(3), Ct));
        Assert.Equal([digest.Key], (await store.ListPendingAsync(Ct)).Select(r => r.Key));
        Assert.Equal(0, await store.DeleteDirectMessagesToAsync(Person, Ct));
    }

    [Fact]
    public async Task TryAdd_ExistingKey_ReturnsFalseAndKeepsTheFirst()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var first = Digest(T0);

        Assert.True(await store.TryAddAsync(first, Ct));
        Assert.False(await store.TryAddAsync(first with { Status = DeliveryStatus.Skipped, Error = "second" }, Ct));

        Assert.Equal(first, await store.GetAsync(first.Key, Ct));
    }

    [Fact]
    public async Task TryAdd_SameKeyConcurrently_ExactlyOneWins()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var record = Digest(T0);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => store.TryAddAsync(record with { Attempts = i }, Ct), Ct)));

        Assert.Single(results, r => r);
        Assert.Single(await store.ListPendingAsync(Ct));
    }

    [Fact]
    public async Task Update_Status_ThePendingListFollows()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var later = Digest(T0.AddDays(7));
        var earlier = Reminder(1, T0.AddHours(2), TimeSpan.FromHours(1));
        var done = Digest(T0.AddDays(14), new ChannelRef(Platforms.Slack, "T1", "C1"));
        await store.TryAddAsync(later, Ct);
        await store.TryAddAsync(earlier, Ct);
        await store.TryAddAsync(done, Ct);

        var sent = done with { Status = DeliveryStatus.Sent, MessageId = "m1", Attempts = 1, UpdatedAt = T0.AddDays(14).AddSeconds(1) };
        await store.UpdateAsync(sent, Ct);

        Assert.Equal([earlier.Key, later.Key], (await store.ListPendingAsync(Ct)).Select(r => r.Key));
        Assert.Equal(sent, await store.GetAsync(done.Key, Ct));
    }

    [Fact]
    public async Task CountPending_AfterAddsUpdatesAndDeletes_CountsOnlyPendingRecords()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var empty = await store.CountPendingAsync(Ct);
        var digest = Digest(T0);
        var reminder = Reminder(1, T0.AddHours(2), TimeSpan.FromHours(1));
        var other = Digest(T0.AddDays(7), new ChannelRef(Platforms.Slack, "T1", "C1"));
        await store.TryAddAsync(digest, Ct);
        await store.TryAddAsync(reminder, Ct);
        await store.TryAddAsync(other, Ct);
        await store.TryAddAsync(other, Ct);
        var three = await store.CountPendingAsync(Ct);

        await store.UpdateAsync(other with { Status = DeliveryStatus.Sent, MessageId = "m1", Attempts = 1 }, Ct);
        await store.UpdateAsync(digest with { Status = DeliveryStatus.Failed, Error = "403", Attempts = 1 }, Ct);
        var one = await store.CountPendingAsync(Ct);
        await store.DeleteDirectMessagesToAsync(Person, Ct);
        var none = await store.CountPendingAsync(Ct);

        Assert.Equal((0, 3, 1, 0), (empty, three, one, none));
    }

    [Fact]
    public async Task Update_AttemptStartedThenSettled_TheMarkRoundTripsAndClears()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var record = Digest(T0);
        await store.TryAddAsync(record, Ct);

        // Written before the send: a crash now must leave a pending record that says an attempt may have gone out.
        var started = record with { AttemptStartedAt = T0.AddSeconds(1), UpdatedAt = T0.AddSeconds(1) };
        await store.UpdateAsync(started, Ct);
        Assert.Equal(started, Assert.Single(await store.ListPendingAsync(Ct)));

        var sent = started with { AttemptStartedAt = null, Status = DeliveryStatus.Sent, MessageId = "m1", Attempts = 1 };
        await store.UpdateAsync(sent, Ct);
        Assert.Equal(sent, await store.GetAsync(record.Key, Ct));
        Assert.Empty(await store.ListPendingAsync(Ct));
    }

    [Fact]
    public async Task Update_UnknownKey_Throws()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateAsync(Digest(T0), Ct));
    }

    [Fact]
    public async Task ListAll_EveryStatusFieldForFieldEarliestDueFirst()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var sent = Digest(T0) with { Status = DeliveryStatus.Sent, MessageId = "m-1", Attempts = 1, Late = true };
        var skipped = Digest(T0.AddDays(7)) with { Status = DeliveryStatus.Skipped, Error = "missed by 2 days" };
        var unconfirmed = Reminder(4, T0.AddDays(1), TimeSpan.FromHours(1)) with { Attempts = 1, AttemptStartedAt = T0.AddHours(23), NextAttemptAt = T0.AddHours(23).AddSeconds(30) };
        foreach (var record in new[] { skipped, unconfirmed, sent })
        {
            await store.TryAddAsync(record, Ct);
        }

        var all = await store.ListAllAsync(Ct);

        Assert.Equal([sent, unconfirmed, skipped], all);
    }

    [Fact]
    public async Task ListBySubject_OnlyThatSubjectEarliestDueFirst()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var start = T0.AddDays(3);
        var oneHour = Reminder(7, start, TimeSpan.FromHours(1));
        var oneDay = Reminder(7, start, TimeSpan.FromHours(24));
        await store.TryAddAsync(oneHour, Ct);
        await store.TryAddAsync(Reminder(8, start, TimeSpan.FromHours(24)), Ct);
        await store.TryAddAsync(oneDay with { Status = DeliveryStatus.Skipped }, Ct);
        await store.TryAddAsync(Digest(T0), Ct);

        var records = await store.ListBySubjectAsync(DeliveryKeys.EventSubject(7), Ct);

        Assert.Equal([oneDay.Key, oneHour.Key], records.Select(r => r.Key));
        Assert.Empty(await store.ListBySubjectAsync("E-99", Ct));
        Assert.Single(await store.ListBySubjectAsync(DeliveryKeys.DigestSubject(Channel), Ct));
    }

    [Fact]
    public async Task ClaimDue_OnlyPendingDueRecordsPastTheirBackOff_EarliestFirst()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var due = Digest(T0);
        var dueEarlier = Reminder(1, T0.AddMinutes(30), TimeSpan.FromHours(1));
        var notYet = Digest(T0.AddMinutes(1), new ChannelRef(Platforms.Slack, "T1", "C1"));
        var backingOff = Digest(T0, new ChannelRef(Platforms.Slack, "T1", "C2")) with { NextAttemptAt = T0.AddSeconds(30) };
        var sent = Digest(T0, new ChannelRef(Platforms.Slack, "T1", "C3")) with { Status = DeliveryStatus.Sent };
        foreach (var record in new[] { due, dueEarlier, notYet, backingOff, sent })
        {
            await store.TryAddAsync(record, Ct);
        }

        var claimed = await store.ClaimDueAsync("instance-a", T0, TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Equal([dueEarlier, due], claimed);
    }

    [Fact]
    public async Task ClaimDue_HeldByAnotherOwner_SkippedUntilReleasedOrLeaseExpires()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var first = Digest(T0);
        var second = Digest(T0, new ChannelRef(Platforms.Slack, "T1", "C1"));
        await store.TryAddAsync(first, Ct);
        await store.TryAddAsync(second, Ct);
        var lease = TimeSpan.FromSeconds(30);

        var a = await store.ClaimDueAsync("instance-a", T0, lease, 10, Ct);
        var bWhileHeld = await store.ClaimDueAsync("instance-b", T0.AddSeconds(10), lease, 10, Ct);
        var aRenews = await store.ClaimDueAsync("instance-a", T0.AddSeconds(10), lease, 10, Ct);
        await store.ReleaseAsync(first.Key, "instance-b", Ct); // not b's: stays a's
        var bAfterForeignRelease = await store.ClaimDueAsync("instance-b", T0.AddSeconds(20), lease, 10, Ct);
        await store.ReleaseAsync(first.Key, "instance-a", Ct);
        var bAfterRelease = await store.ClaimDueAsync("instance-b", T0.AddSeconds(21), lease, 10, Ct);
        var bAfterLease = await store.ClaimDueAsync("instance-b", T0.AddSeconds(41), lease, 10, Ct); // a's renewed lease ran to 40 s

        Assert.Equal(2, a.Count);
        Assert.Empty(bWhileHeld);
        Assert.Equal(2, aRenews.Count);
        Assert.Empty(bAfterForeignRelease);
        Assert.Equal([first.Key], bAfterRelease.Select(r => r.Key));
        Assert.Equal(new[] { first.Key, second.Key }.Order(StringComparer.Ordinal), bAfterLease.Select(r => r.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClaimDue_UpdateKeepsTheClaimAndSentRecordsAreNotClaimed()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var record = Digest(T0);
        await store.TryAddAsync(record, Ct);
        await store.ClaimDueAsync("instance-a", T0, TimeSpan.FromMinutes(1), 10, Ct);

        await store.UpdateAsync(record with { AttemptStartedAt = T0, UpdatedAt = T0 }, Ct);
        var whileAttempting = await store.ClaimDueAsync("instance-b", T0.AddSeconds(1), TimeSpan.FromMinutes(1), 10, Ct);
        await store.UpdateAsync(record with { Status = DeliveryStatus.Sent, MessageId = "m1", UpdatedAt = T0.AddSeconds(2) }, Ct);
        await store.ReleaseAsync(record.Key, "instance-a", Ct);
        var afterSent = await store.ClaimDueAsync("instance-b", T0.AddMinutes(5), TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Empty(whileAttempting);
        Assert.Empty(afterSent);
    }

    [Fact]
    public async Task TryClaim_HeldByAnotherOwner_RefusedWithTheLeaseEndUntilReleasedOrExpired()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var record = Digest(T0);
        await store.TryAddAsync(record, Ct);
        var lease = TimeSpan.FromSeconds(30);

        var a = await store.TryClaimAsync(record.Key, "instance-a", T0, lease, Ct);
        var bWhileHeld = await store.TryClaimAsync(record.Key, "instance-b", T0.AddSeconds(10), lease, Ct);
        var aRenews = await store.TryClaimAsync(record.Key, "instance-a", T0.AddSeconds(10), lease, Ct);
        var bAfterLease = await store.TryClaimAsync(record.Key, "instance-b", T0.AddSeconds(41), lease, Ct);
        await store.ReleaseAsync(record.Key, "instance-b", Ct);
        var cAfterRelease = await store.TryClaimAsync(record.Key, "instance-c", T0.AddSeconds(42), lease, Ct);

        Assert.True(a.Claimed);
        Assert.Equal(record, a.Record);
        Assert.False(bWhileHeld.Claimed);
        Assert.Equal(record.Key, bWhileHeld.Record?.Key);
        Assert.Equal(T0.AddSeconds(30), bWhileHeld.HeldUntil);
        Assert.True(aRenews.Claimed);
        Assert.True(bAfterLease.Claimed, "a's renewed lease ran to 40 s");
        Assert.True(cAfterRelease.Claimed);
    }

    [Fact]
    public async Task TryClaim_SettledOrUnknown_NotClaimedAndTheStoredRecordReturned()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var sent = Digest(T0) with { Status = DeliveryStatus.Sent, MessageId = "m1" };
        await store.TryAddAsync(sent, Ct);

        var settled = await store.TryClaimAsync(sent.Key, "instance-a", T0, TimeSpan.FromSeconds(30), Ct);
        var unknown = await store.TryClaimAsync("no-such-key", "instance-a", T0, TimeSpan.FromSeconds(30), Ct);

        Assert.False(settled.Claimed);
        Assert.Equal(sent, settled.Record);
        Assert.Null(settled.HeldUntil);
        Assert.Equal(new DeliveryClaim(false, null), unknown);
    }

    [Fact]
    public async Task TryClaim_EightOwnersAtOnceOnFortyRecords_EachRecordHeldByExactlyOne()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var records = Enumerable.Range(0, 40).Select(i => Digest(T0, new ChannelRef(Platforms.Discord, "g", $"c{i}"))).ToList();
        foreach (var record in records)
        {
            await store.TryAddAsync(record, Ct);
        }

        var wins = await Task.WhenAll(Enumerable.Range(0, 8).Select(o => Task.Run(
            async () =>
            {
                var mine = new List<string>();
                foreach (var record in records)
                {
                    if ((await store.TryClaimAsync(record.Key, $"instance-{o}", T0, TimeSpan.FromMinutes(5), Ct)).Claimed)
                    {
                        mine.Add(record.Key);
                    }
                }

                return mine;
            },
            Ct)));

        var all = wins.SelectMany(w => w).ToList();
        Assert.Equal(records.Select(r => r.Key).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ClaimDue_SixOwnersSendingAtOnceOver120Records_EachRecordClaimedExactlyOnce()
    {
        var (store, owner) = await CreateAsync();
        await using var _ = owner;
        var records = Enumerable.Range(0, 120).Select(i => Digest(T0.AddSeconds(-i), new ChannelRef(Platforms.Discord, "g", $"c{i}"))).ToList();
        foreach (var record in records)
        {
            await store.TryAddAsync(record, Ct);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(o => Task.Run(
            async () =>
            {
                var mine = new List<string>();
                while (true)
                {
                    var batch = await store.ClaimDueAsync($"instance-{o}", T0, TimeSpan.FromMinutes(5), 7, Ct);
                    if (batch.Count == 0)
                    {
                        return mine;
                    }

                    // As a sender does: record the outcome, then let go.
                    foreach (var claimed in batch)
                    {
                        mine.Add(claimed.Key);
                        await store.UpdateAsync(claimed with { Status = DeliveryStatus.Sent, MessageId = $"m-{o}" }, Ct);
                        await store.ReleaseAsync(claimed.Key, $"instance-{o}", Ct);
                    }
                }
            },
            Ct)));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(records.Count, all.Count);
        Assert.Equal(records.Select(r => r.Key).Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
    }
}
