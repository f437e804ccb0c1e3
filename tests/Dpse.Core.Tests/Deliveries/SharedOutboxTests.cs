using Dpse.Core.Deliveries;
using Dpse.Core.Digests;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Instances;
using Dpse.Core.Sending;
using Dpse.Core.Tests.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dpse.Core.Tests.Deliveries;

/// <summary>
/// Two instances sharing one outbox: a delivery is sent by the instance that claims it, never by both; a claim whose
/// instance died mid-send is taken over when its lease ends, with the dead instance's attempt reconciled first.
/// </summary>
public sealed class SharedOutboxTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly ChannelRef Channel = new(Platforms.Discord, "G1", "C1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deliver_TwoInstancesAtOnce_OnlyTheClaimingOnePosts()
    {
        await using var h = new SchedulerHarness(Start);
        var reminder = await DueReminderAsync(h);
        var (a, b) = (Instance(h, "instance-a"), Instance(h, "instance-b"));
        var inSend = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Discord.BeforeSend = async (_, _, ct) =>
        {
            inSend.TrySetResult();
            await finish.Task.WaitAsync(ct);
        };

        var sendingA = a.DeliverAsync(reminder, Ct);
        await inSend.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        var byB = await b.DeliverAsync(reminder, Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        finish.SetResult();
        var byA = await sendingA.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(DeliveryStatus.Pending, byB.Status);
        Assert.Equal(DeliveryStatus.Sent, byA.Status);
        Assert.Single(h.Discord.Posted);
        Assert.Single(h.Discord.Requests);
    }

    [Fact]
    public async Task Deliver_ClaimOfADeadInstance_TakenOverWhenTheLeaseEndsAndReconciled()
    {
        await using var h = new SchedulerHarness(Start);
        var reminder = await DueReminderAsync(h);
        var survivor = Instance(h, "survivor");

        // The dead instance claimed the reminder and started an attempt, then vanished: no outcome, no release.
        Assert.True((await h.Deliveries.TryClaimAsync(reminder.Key, "dead", h.Now, Lease, Ct)).Claimed);
        await h.Deliveries.UpdateAsync(reminder with { AttemptStartedAt = h.Now, UpdatedAt = h.Now }, Ct);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        var whileLeased = await survivor.DeliverAsync(reminder, Ct);
        h.Time.Advance(Lease);
        var afterLease = await survivor.DeliverAsync(reminder, Ct);

        Assert.Equal(DeliveryStatus.Pending, whileLeased.Status);
        Assert.Equal(DeliveryStatus.Sent, afterLease.Status);
        var request = Assert.Single(h.Discord.Requests);
        Assert.Equal(Start, request.UnconfirmedSince);
        Assert.Single(h.Discord.Posted);
    }

    [Fact]
    public async Task Scheduler_RecordHeldByAnotherInstance_TriedOnceUntilItsLeaseEnds_ThenTakenOver()
    {
        await using var h = new SchedulerHarness(Start);
        h.Options.DeliveryClaimLease = Lease;
        var reminder = await DueReminderAsync(h);
        Assert.True((await h.Deliveries.TryClaimAsync(reminder.Key, "other-instance", h.Now, Lease, Ct)).Claimed);

        // The first pass finds it held; later passes (another instance's signals start them) leave it alone.
        await h.StartAsync();
        var afterFirstPass = h.Deliveries.ClaimAttempts;
        for (var i = 0; i < 3; i++)
        {
            await h.ChangedAsync();
        }

        var afterMorePasses = h.Deliveries.ClaimAttempts;
        var nextLook = h.State.NextDue;
        await h.AdvanceAsync(Lease);

        Assert.Equal((2, 2), (afterFirstPass, afterMorePasses)); // the test's own claim, then one try by the scheduler
        Assert.Equal(Start + Lease, nextLook);
        Assert.Equal(DeliveryStatus.Sent, (await h.Deliveries.GetAsync(reminder.Key, Ct))!.Status);
        Assert.Single(h.Discord.Posted);
    }

    private static OutboxSender Instance(SchedulerHarness h, string id)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new ExchangeOptions { DeliveryClaimLease = Lease });
        var composer = new DigestComposer(h.Stores, h.Stores, h.Stores, h.Deliveries, h.Time, options);
        return new OutboxSender(h.Deliveries, h.Stores, h.Stores, composer, [h.Discord, h.Slack], h.Time, options, NullLogger<OutboxSender>.Instance, instance: Microsoft.Extensions.Options.Options.Create(new InstanceOptions { Id = id }));
    }

    private static async Task<DeliveryRecord> DueReminderAsync(SchedulerHarness h)
    {
        var eventStart = Start.AddHours(1);
        var e = h.Stores.Add(new CommunityEvent
        {
            Title = "Shared outbox meetup",
            StartUtc = eventStart,
            LocalStart = "x",
            TimeZone = "Europe/London",
            Organiser = SchedulerHarness.Organiser,
            OrganiserName = "Org",
            Origin = Channel,
            CreatedAt = Start.AddDays(-1),
            UpdatedAt = Start.AddDays(-1),
        });
        var offset = TimeSpan.FromHours(1);
        var reminder = new DeliveryRecord
        {
            Key = DeliveryKeys.Reminder(e.Number, eventStart, offset, new ChannelTarget(Channel)),
            Kind = DeliveryKind.Reminder,
            Subject = DeliveryKeys.EventSubject(e.Number),
            Target = new ChannelTarget(Channel),
            DueAt = Start,
            EventNumber = e.Number,
            EventStart = eventStart,
            Offset = offset,
            CreatedAt = Start,
            UpdatedAt = Start,
        };
        Assert.True(await h.Deliveries.TryAddAsync(reminder, Ct));
        return reminder;
    }
}
