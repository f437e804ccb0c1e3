using System.Text.RegularExpressions;
using Dpse.Core.Commands;
using Dpse.Core.Messages;
using Dpse.Core.Tests.Support;
using Dpse.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Core.Tests.Commands;

public sealed partial class CommandRouterTests
{
    private static readonly string Long121 = new('x', 121);

    public static TheoryData<string, string, string> BadValues() => new()
    {
        { "story share outcome:success title:T", "Missing required option: summary", CommandCatalogue.StoryShare.Usage },
        { "story share title:T", "Missing required options: outcome, summary", CommandCatalogue.StoryShare.Usage },
        { $"story share outcome:success title:{Long121} summary:S", "Title is too long (121 characters; at most 120)", CommandCatalogue.StoryShare.Usage },
        { "story share outcome:meh title:T summary:S", "Outcome 'meh' is not one of success, partial, failure, abandoned", CommandCatalogue.StoryShare.Usage },
        { "story share outcome:\"  \" title:T summary:S", "Outcome is empty", CommandCatalogue.StoryShare.Usage },
        { "story list page:abc", "Page 'abc' is not a whole number", CommandCatalogue.StoryList.Usage },
        { "story list page:0", "Page must be between 1 and 8388607", CommandCatalogue.StoryList.Usage },
        { "story list page:99999999999999999999", "Page '99999999999999999999' is not a whole number", CommandCatalogue.StoryList.Usage },
        { "event add title:T start:tomorrow", "Start 'tomorrow' is not a date and time: use yyyy-mm-dd hh:mm, e.g. 2026-12-03 14:00", CommandCatalogue.EventAdd.Usage },
        { "event add title:T start:\"2027-02-30 10:00\"", "Start '2027-02-30 10:00' is not a date and time: use yyyy-mm-dd hh:mm, e.g. 2026-12-03 14:00", CommandCatalogue.EventAdd.Usage },
        { "event add title:T start:\"2027-01-05 10:00\" tz:Mars/Base", "Tz 'Mars/Base' is not an IANA time zone: use e.g. Europe/London or America/New_York", CommandCatalogue.EventAdd.Usage },
        { "event add title:T start:\"2027-01-05 10:00\" duration:forever", "Duration 'forever' is not a duration: use e.g. 90m, 2h or 1h30m (at most 7 days)", CommandCatalogue.EventAdd.Usage },
        { "event add title:T start:\"2027-01-05 10:00\" duration:8d", "Duration '8d' is not a duration: use e.g. 90m, 2h or 1h30m (at most 7 days)", CommandCatalogue.EventAdd.Usage },
        { "event add title:T start:\"2027-01-05 10:00\" duration:0m", "Duration '0m' is not a duration: use e.g. 90m, 2h or 1h30m (at most 7 days)", CommandCatalogue.EventAdd.Usage },
        { "event add title:T start:\"2027-01-05 10:00\" reminders:24h,soon", "Reminders '24h,soon' is not a list of durations: use e.g. 24h,1h (at most 5, each at most 30 days)", CommandCatalogue.EventAdd.Usage },
        { "story show X-1", "Story 'X-1' is not a story id: use e.g. S-12", CommandCatalogue.StoryShow.Usage },
        { "story show E-1", "Story 'E-1' is not a story id: use e.g. S-12", CommandCatalogue.StoryShow.Usage },
        { "event show S-3", "Event 'S-3' is not an event id: use e.g. E-3", CommandCatalogue.EventShow.Usage },
        { "mod hide X-1", "Item 'X-1' is not a story or event id: use e.g. S-12 or E-3", CommandCatalogue.ModHide.Usage },
        { "mod audit limit:51", "Limit must be between 1 and 50", CommandCatalogue.ModAudit.Usage },
        { "story share outcome:success title:T summary:S links:javascript:alert(1)", "Links 'javascript:alert(1)' is not an http or https link", CommandCatalogue.StoryShare.Usage },
        { "story share outcome:success title:T summary:S links:https://ok.example,ftp://example.org/x", "Links 'ftp://example.org/x' is not an http or https link", CommandCatalogue.StoryShare.Usage },
        { "story share outcome:success title:T summary:S tags:a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p", "Tags has 16 items; at most 15", CommandCatalogue.StoryShare.Usage },
        { $"story share outcome:success title:T summary:S tags:ok,{new string('t', 41)}", $"Tags item '{new string('t', 40)}…' is too long (at most 40 characters)", CommandCatalogue.StoryShare.Usage },
        { "digest subscribe time:25:00", "Time '25:00' is not a time: use hh:mm, e.g. 09:00", CommandCatalogue.DigestSubscribe.Usage },
        { "digest subscribe day:someday", "Day 'someday' is not one of monday, tuesday, wednesday, thursday, friday, saturday, sunday", CommandCatalogue.DigestSubscribe.Usage },
        { "event rsvp E-1 maybe", "Answer 'maybe' is not one of going, interested, not-going", CommandCatalogue.EventRsvp.Usage },
        { "reminders on everywhere", "Where 'everywhere' is not one of channel, dm", CommandCatalogue.RemindersOn.Usage },
        { "me forget confirm:no", "Confirm 'no' is not one of yes", CommandCatalogue.MeForget.Usage },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Dispatch_BadValue_OneLineErrorWithUsageAndNothingWritten(string text, string error, string usage)
    {
        using var exchange = TestExchange.Create();

        var shown = await exchange.RunFailingAsync(text, TestExchange.Mona);

        Assert.Equal($"Error: {error}. Usage: {usage}", shown);
        Assert.Empty(exchange.Stores.Audit.Entries);
    }

    [Theory]
    [InlineData("mod hide S-1")]
    [InlineData("mod restore S-1")]
    [InlineData("mod audit")]
    [InlineData("mod export")]
    [InlineData("digest subscribe")]
    [InlineData("digest unsubscribe")]
    public async Task Dispatch_ModeratorCommandByMember_IsRefused(string text)
    {
        using var exchange = TestExchange.Create();
        await exchange.ShareAsync("Kept");
        var path = CommandCatalogue.Find(string.Join(' ', text.Split(' ').Take(2)))!.Path;

        var shown = await exchange.RunFailingAsync(text, TestExchange.Alice);

        Assert.Equal($"Error: Only moderators can use /dpse {path}.", shown);
    }

    [Fact]
    public async Task Dispatch_ModeratorOnlyCommandWithBadValueByMember_SaysPermissionFirst()
    {
        using var exchange = TestExchange.Create();

        var shown = await exchange.RunFailingAsync("mod audit limit:0", TestExchange.Bob);

        Assert.Equal("Error: Only moderators can use /dpse mod audit.", shown);
    }

    [Fact]
    public async Task Dispatch_OnlyFormFieldsMissingAndFormsPossible_AsksForTheForm()
    {
        using var exchange = TestExchange.Create();

        var reply = await exchange.RunAsync("/dpse story share outcome:failure org:\"Anytown Council\"", TestExchange.Alice, canOpenForms: true);

        Assert.False(reply.IsError);
        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.NotNull(reply.Form);
        Assert.Same(CommandCatalogue.StoryShare, reply.Form.Command);
        Assert.Equal(["title", "summary", "lessons", "context", "happened"], reply.Form.Form.Fields);
        Assert.Equal("failure", reply.Form.Given["outcome"]);
        Assert.Equal("Anytown Council", reply.Form.Given["org"]);
        Assert.Equal("Share a story", PlainTextRenderer.Render(reply.Message));
        Assert.Empty(exchange.Stores.Audit.Entries);
    }

    [Fact]
    public async Task Dispatch_FormFieldsMissingWithoutForms_IsMissingFieldsError()
    {
        using var exchange = TestExchange.Create();

        var shown = await exchange.RunFailingAsync("/dpse event add where:Leeds");

        Assert.Equal($"Error: Missing required options: title, start. Usage: {CommandCatalogue.EventAdd.Usage}", shown);
    }

    [Fact]
    public async Task Dispatch_NonFormFieldAlsoMissing_IsErrorEvenWhenFormsPossible()
    {
        using var exchange = TestExchange.Create();

        var reply = await exchange.RunAsync("/dpse story share title:\"T\"", TestExchange.Alice, canOpenForms: true);

        Assert.True(reply.IsError);
        Assert.Null(reply.Form);
        Assert.Equal($"Error: Missing required options: outcome, summary. Usage: {CommandCatalogue.StoryShare.Usage}", PlainTextRenderer.Render(reply.Message));
        Assert.Equal(new ReplyError(ReplyErrorKind.MissingOption, "Missing required options: outcome, summary.") { Option = "outcome", Usage = CommandCatalogue.StoryShare.Usage }, reply.Problem);
    }

    [Fact]
    public async Task Dispatch_BadValue_ErrorCarriesTheOptionAndUsageForFormsToPlace()
    {
        using var exchange = TestExchange.Create();

        var reply = await exchange.RunAsync("/dpse story share outcome:success title:T summary:S links:javascript:alert(1)", TestExchange.Alice, canOpenForms: true);

        var problem = Assert.IsType<ReplyError>(reply.Problem);
        Assert.Equal(ReplyErrorKind.InvalidOption, problem.Kind);
        Assert.Equal("links", problem.Option);
        Assert.Equal("Links 'javascript:alert(1)' is not an http or https link.", problem.Text);
        Assert.Equal(CommandCatalogue.StoryShare.Usage, problem.Usage);
    }

    [Fact]
    public async Task Dispatch_FormSubmittedWithFields_RunsTheCommand()
    {
        using var exchange = TestExchange.Create();
        var request = new CommandRequest(CommandCatalogue.StoryShare.Path,
            new Dictionary<string, string> { ["outcome"] = "success", ["title"] = "From a form", ["summary"] = "Line one\nline two", ["lessons"] = "" },
            TestExchange.Alice, TestExchange.SlackChannel)
        { CanOpenForms = true };

        var reply = await exchange.Dispatcher.DispatchAsync(request, TestContext.Current.CancellationToken);

        Assert.False(reply.IsError, PlainTextRenderer.Render(reply.Message));
        var story = await exchange.Stores.Stories.GetAsync(1, TestContext.Current.CancellationToken);
        Assert.Equal("Line one\nline two", story!.Summary);
        Assert.Null(story.Lessons);
    }

    [Fact]
    public async Task Dispatch_ControlCharactersInText_AreRemovedBeforeStoring()
    {
        using var exchange = TestExchange.Create();
        var request = new CommandRequest(CommandCatalogue.StoryShare.Path,
            new Dictionary<string, string> { ["outcome"] = "success", ["title"] = "Bell\u0007 and\nnewline", ["summary"] = "Tab\tkept\u0000" },
            TestExchange.Alice, TestExchange.SlackChannel);

        await exchange.Dispatcher.DispatchAsync(request, TestContext.Current.CancellationToken);

        var story = await exchange.Stores.Stories.GetAsync(1, TestContext.Current.CancellationToken);
        Assert.Equal("Bell andnewline", story!.Title);
        Assert.Equal("Tab\tkept", story.Summary);
    }

    [Fact]
    public async Task Dispatch_UnknownPathOrOptionFromAnAdapter_IsError()
    {
        using var exchange = TestExchange.Create();
        var ct = TestContext.Current.CancellationToken;

        var unknownPath = await exchange.Dispatcher.DispatchAsync(
            new CommandRequest(new CommandPath("story frob"), new Dictionary<string, string>(), TestExchange.Bob, TestExchange.DiscordChannel), ct);
        var unknownOption = await exchange.Dispatcher.DispatchAsync(
            new CommandRequest(CommandCatalogue.StoryList.Path, new Dictionary<string, string> { ["colour"] = "red" }, TestExchange.Bob, TestExchange.DiscordChannel), ct);

        Assert.Equal("Error: Unknown command 'story frob'. Type /dpse help for the list of commands.", PlainTextRenderer.Render(unknownPath.Message));
        Assert.Equal($"Error: Unknown option 'colour' for story list. Usage: {CommandCatalogue.StoryList.Usage}", PlainTextRenderer.Render(unknownOption.Message));
    }

    [Fact]
    public async Task Dispatch_TypedIntegerFromAnAdapter_IsCheckedAgainstTheSpecAndRead()
    {
        using var exchange = TestExchange.Create();
        var ct = TestContext.Current.CancellationToken;
        await exchange.RunOkAsync("event add title:T start:\"2027-01-05 10:00\"", TestExchange.Alice);

        var outOfRange = await exchange.Dispatcher.DispatchAsync(
            new CommandRequest(CommandCatalogue.EventList.Path, new Dictionary<string, string>(), TestExchange.Bob, TestExchange.DiscordChannel)
            {
                TypedOptions = new Dictionary<string, TypedValue> { ["page"] = TypedValue.Of(0L) },
            }, ct);
        var pastTheEnd = await exchange.Dispatcher.DispatchAsync(
            new CommandRequest(CommandCatalogue.EventList.Path, new Dictionary<string, string>(), TestExchange.Bob, TestExchange.DiscordChannel)
            {
                TypedOptions = new Dictionary<string, TypedValue> { ["page"] = TypedValue.Of(2L) },
            }, ct);
        var unknown = await exchange.Dispatcher.DispatchAsync(
            new CommandRequest(CommandCatalogue.EventList.Path, new Dictionary<string, string>(), TestExchange.Bob, TestExchange.DiscordChannel)
            {
                TypedOptions = new Dictionary<string, TypedValue> { ["colour"] = TypedValue.Of(true) },
            }, ct);

        Assert.Equal($"Error: Page must be between 1 and {CommandCatalogue.EventList.Option("page")!.Max}. Usage: {CommandCatalogue.EventList.Usage}", PlainTextRenderer.Render(outOfRange.Message));
        Assert.Equal("Error: Page 2 is past the end: there is 1 page.", PlainTextRenderer.Render(pastTheEnd.Message));
        Assert.Equal($"Error: Unknown option 'colour' for event list. Usage: {CommandCatalogue.EventList.Usage}", PlainTextRenderer.Render(unknown.Message));
    }

    [Fact]
    public async Task Dispatch_ParseError_IsOneLineErrorForTheInvoker()
    {
        using var exchange = TestExchange.Create();

        var shown = await exchange.RunFailingAsync("/dpse story share title:\"open");

        Assert.StartsWith("Error: Unclosed quote", shown, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', shown);
    }

    [Fact]
    public async Task Dispatch_HandlerThrows_RepliesWithReferenceIdAndLogsIt()
    {
        using var exchange = TestExchange.Create();
        var logger = new RecordingLogger<CommandRouter>();
        var handlers = exchange.Services.GetRequiredService<IEnumerable<ICommandHandler>>()
            .Select(h => h.Spec == CommandCatalogue.StoryList
                ? new CommandHandler(CommandCatalogue.StoryList, (_, _) => throw new InvalidOperationException("database password is hunter2"))
                : h);
        var router = new CommandRouter(handlers, logger);

        var reply = await router.DispatchTextAsync("story list", TestExchange.Alice, TestExchange.SlackChannel, false, TestContext.Current.CancellationToken);

        var shown = PlainTextRenderer.Render(reply.Message);
        Assert.True(reply.IsError);
        Assert.Equal(Visibility.OnlyInvoker, reply.Visibility);
        Assert.DoesNotContain("hunter2", shown, StringComparison.Ordinal);
        var reference = ReferencePattern().Match(shown);
        Assert.True(reference.Success, shown);
        var logged = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(reference.Groups[1].Value, logged.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Fact]
    public async Task Dispatch_HandlerThrows_MetricsCountItFailedUnderItsCataloguePathWithItsDuration()
    {
        using var exchange = TestExchange.Create();
        var time = new FakeTimeProvider();
        using var meters = new TestMeterFactory();
        using var metrics = new CommandMetrics(time, meters);
        using var counted = new MetricCollector<long>(meters, CommandMetrics.MeterName, "dpse.commands");
        using var timed = new MetricCollector<double>(meters, CommandMetrics.MeterName, "dpse.command.duration");
        var handlers = exchange.Services.GetRequiredService<IEnumerable<ICommandHandler>>()
            .Select(h => h.Spec == CommandCatalogue.StoryList
                ? new CommandHandler(CommandCatalogue.StoryList, (_, _) =>
                {
                    time.Advance(TimeSpan.FromMilliseconds(250));
                    throw new InvalidOperationException("database password is hunter2");
                })
                : h);
        var router = new CommandRouter(handlers, NullLogger<CommandRouter>.Instance, metrics);

        await router.DispatchTextAsync("story list", TestExchange.Alice, TestExchange.SlackChannel, false, TestContext.Current.CancellationToken);

        var count = Assert.Single(counted.GetMeasurementSnapshot());
        Assert.Equal(1, count.Value);
        Assert.Equal("story list", count.Tags["command"]);
        Assert.Equal("failed", count.Tags["outcome"]);
        Assert.Equal(0.25, Assert.Single(timed.GetMeasurementSnapshot()).Value, precision: 6);
    }

    [Fact]
    public async Task Dispatch_HandlerThrowsViaConfiguredServices_RepliesWithReferenceId()
    {
        using var exchange = TestExchange.Create(configure: services => services.AddSingleton<IEnumerable<ICommandHandler>>(sp =>
        [
            .. CommandCatalogue.All.Where(c => c != CommandCatalogue.Help).Select(c => new CommandHandler(c, (_, _) => Task.FromResult(Reply.Private(Message.Line("ok"))))
            {
                FindOwned = c.Permission == Permission.AuthorOrModerator ? (_, _) => Task.FromResult<OwnedItem?>(null) : null,
            }),
            new CommandHandler(CommandCatalogue.Help, (_, _) => throw new FormatException("boom")),
        ]));

        var shown = await exchange.RunFailingAsync("help");

        Assert.Matches(ReferencePattern(), shown);
        Assert.DoesNotContain("boom", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatch_CancelledWhileHandling_ThrowsOperationCanceled()
    {
        using var exchange = TestExchange.Create();
        using var cts = new CancellationTokenSource();
        var handlers = exchange.Services.GetRequiredService<IEnumerable<ICommandHandler>>()
            .Select(h => h.Spec == CommandCatalogue.StoryList
                ? new CommandHandler(CommandCatalogue.StoryList, async (_, ct) =>
                {
                    await cts.CancelAsync();
                    ct.ThrowIfCancellationRequested();
                    return Reply.Private(Message.Line("not reached"));
                })
                : h);
        var router = new CommandRouter(handlers, NullLogger<CommandRouter>.Instance);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => router.DispatchTextAsync("story list", TestExchange.Alice, TestExchange.SlackChannel, false, cts.Token));
    }

    [Fact]
    public void Router_AuthorOrModeratorCommandWithoutOwnerLookup_RefusesToStart()
    {
        using var exchange = TestExchange.Create();
        var handlers = exchange.Services.GetRequiredService<IEnumerable<ICommandHandler>>()
            .Select(h => h.Spec == CommandCatalogue.EventCancel ? new CommandHandler(h.Spec, h.HandleAsync) : h);

        var refused = Assert.Throws<InvalidOperationException>(() => new CommandRouter(handlers, NullLogger<CommandRouter>.Instance));

        Assert.Contains("event cancel", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Router_EveryAuthorOrModeratorCommand_HasAnOwnerLookup()
    {
        using var exchange = TestExchange.Create();

        var handlers = exchange.Services.GetRequiredService<IEnumerable<ICommandHandler>>().ToList();

        Assert.All(CommandCatalogue.All.Where(c => c.Permission == Permission.AuthorOrModerator),
            spec => Assert.NotNull(handlers.Single(h => h.Spec == spec).FindOwned));
    }

    [Theory]
    [InlineData("bob", false, false)]
    [InlineData("alice", false, true)]
    [InlineData("bob", true, true)]
    public async Task Dispatch_AuthorOrModerator_RouterRefusesOthersBeforeTheHandlerRuns(string user, bool moderator, bool runs)
    {
        using var exchange = TestExchange.Create();
        var ran = false;
        var looked = 0;
        var handlers = exchange.Services.GetRequiredService<IEnumerable<ICommandHandler>>()
            .Select(h => h.Spec == CommandCatalogue.StoryDelete
                ? new CommandHandler(CommandCatalogue.StoryDelete, (_, _) =>
                {
                    ran = true;
                    return Task.FromResult(Reply.Private(Message.Line("deleted")));
                })
                {
                    FindOwned = (invocation, _) =>
                    {
                        looked++;
                        return Task.FromResult<OwnedItem?>(new OwnedItem($"S-{invocation.Get(CommandOptions.Story)}", TestExchange.Alice.Ref, "author"));
                    },
                }
                : h);
        var router = new CommandRouter(handlers, NullLogger<CommandRouter>.Instance);
        var actor = (user == "alice" ? TestExchange.Alice : TestExchange.Bob) with { IsModerator = moderator };

        var reply = await router.DispatchTextAsync("story delete S-9", actor, TestExchange.SlackChannel, false, TestContext.Current.CancellationToken);

        Assert.Equal(runs, ran);
        Assert.Equal(moderator ? 0 : 1, looked);
        if (!runs)
        {
            Assert.Equal("Error: Only the author of S-9 or a moderator can delete it.", PlainTextRenderer.Render(reply.Message));
            Assert.Equal(ReplyErrorKind.NotAllowed, reply.Problem!.Kind);
        }
    }

    [Fact]
    public async Task Dispatch_AuthorOrModeratorItemNotFound_LeavesTheAnswerToTheHandler()
    {
        using var exchange = TestExchange.Create();

        var shown = await exchange.RunFailingAsync("story edit S-404 title:Mine", TestExchange.Bob);

        Assert.Equal("Error: S-404 was not found. Find stories with /dpse story search.", shown);
    }

    [Fact]
    public void Router_MissingOrDuplicateHandler_RefusesToStart()
    {
        using var exchange = TestExchange.Create();
        var handlers = exchange.Services.GetRequiredService<IEnumerable<ICommandHandler>>().ToList();

        var missing = Assert.Throws<InvalidOperationException>(() =>
            new CommandRouter(handlers.Where(h => h.Spec != CommandCatalogue.MeForget), NullLogger<CommandRouter>.Instance));
        var twice = Assert.Throws<InvalidOperationException>(() =>
            new CommandRouter([.. handlers, handlers[0]], NullLogger<CommandRouter>.Instance));

        Assert.Contains("me forget", missing.Message, StringComparison.Ordinal);
        Assert.Contains("help", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchAction_CelebrateButton_ReplacesTheCardWithTheNewCount()
    {
        using var exchange = TestExchange.Create();
        await exchange.ShareAsync("Button story");

        var reply = await exchange.Dispatcher.DispatchActionAsync(ActionIds.Celebrate(1), TestExchange.Bob, TestExchange.DiscordChannel, TestContext.Current.CancellationToken);

        Assert.True(reply.ReplacesCard);
        Assert.Equal(Visibility.Channel, reply.Visibility);
        Assert.Contains("[🎉 Celebrate (1) → /dpse story celebrate 1]", PlainTextRenderer.Render(reply.Message), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("nope")]
    [InlineData("dpse:celebrate")]
    [InlineData("dpse:explode:1")]
    [InlineData("dpse:celebrate:abc")]
    [InlineData("dpse:rsvp:1:maybe")]
    [InlineData("dpse:page:x:story list")]
    [InlineData("dpse:page:2:mod export")]
    public async Task DispatchAction_Malformed_IsErrorNotException(string actionId)
    {
        using var exchange = TestExchange.Create();

        var reply = await exchange.Dispatcher.DispatchActionAsync(actionId, TestExchange.Bob, TestExchange.DiscordChannel, TestContext.Current.CancellationToken);

        Assert.True(reply.IsError);
        Assert.Empty(exchange.Stores.Audit.Entries);
    }

    [Fact]
    public async Task DispatchAction_NextPage_ShowsThatPage()
    {
        using var exchange = TestExchange.Create();
        for (var i = 1; i <= 7; i++)
        {
            await exchange.ShareAsync($"Story number {i}");
        }

        var first = await exchange.RunTextAsync("story list");
        var reply = await exchange.Dispatcher.DispatchActionAsync(ActionIds.Page(2, "story list")!, TestExchange.Bob, TestExchange.DiscordChannel, TestContext.Current.CancellationToken);

        Assert.Contains("[Next page → /dpse story list page:2]", first, StringComparison.Ordinal);
        var second = PlainTextRenderer.Render(reply.Message);
        Assert.Contains("Page 2 of 2 · 7 stories", second, StringComparison.Ordinal);
        Assert.Contains("S-2 · Story number 2", second, StringComparison.Ordinal);
        Assert.DoesNotContain("S-7", second, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\(ref ([0-9a-f]{8})\)")]
    private static partial Regex ReferencePattern();
}
