using System.Threading.Channels;
using Dpse.Bot.Hosting;
using Dpse.Bot.Shell;
using Dpse.Bot.Tests.Scheduling;
using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Scheduling;
using Dpse.Core.Sending;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Bot.Tests.Shell;

/// <summary>The shell as a person meets it: shutdown, forms, piped quit and echo, and posts that belong to other sessions.</summary>
public sealed class ShellSessionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stop_WhileWaitingAtThePrompt_StopsWithoutWaitingForALineAndDoesNotRunOneTypedAfter()
    {
        using var run = new BotRun();
        var terminal = new ConsoleLikeReader();
        var output = new ScriptedTerminal.WatchedWriter();
        var lifetime = new TaskCompletionSource<IHostApplicationLifetime>(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = Start(run, terminal, output, services => services.AddHostedService(sp => new LifetimeProbe(sp, lifetime)));

        terminal.Type("story list");
        await output.WaitForAsync(text => text.Contains("No stories yet.", StringComparison.Ordinal), Ct);
        (await lifetime.Task.WaitAsync(Bound, Ct)).StopApplication(); // what Ctrl-C and SIGTERM do
        terminal.Type("story share outcome:success title:\"Typed after the stop\" summary:\"Must not be saved.\"");

        Assert.Equal(0, await session.WaitAsync(Bound, Ct));
        Assert.DoesNotContain("Typed after the stop", output.Text);
        Assert.False(LogHoldsPages(run.DataPath), "the log was not checkpointed into the data file");
        var after = await run.RunAsync([], "story list\n");
        Assert.Contains("No stories yet.", after.Output);
    }

    [Fact]
    public async Task Stop_WithACommandInFlight_FinishesItThenStopsWithoutRunningLinesTypedMeanwhile()
    {
        using var run = new BotRun();
        var terminal = new ConsoleLikeReader();
        var output = new ScriptedTerminal.WatchedWriter();
        var gate = new GatedDispatcher.Gate();
        var lifetime = new TaskCompletionSource<IHostApplicationLifetime>(TaskCreationOptions.RunContinuationsAsynchronously);
        var session = Start(run, terminal, output, services =>
        {
            services.AddHostedService(sp => new LifetimeProbe(sp, lifetime));
            services.AddSingleton<CommandRouter>();
            services.Replace(ServiceDescriptor.Singleton<ICommandDispatcher>(sp => new GatedDispatcher(sp.GetRequiredService<CommandRouter>(), gate)));
        });

        terminal.Type("story share outcome:success title:\"In flight\" summary:\"Being saved when the stop came.\"");
        await gate.Entered.WaitAsync(Bound, Ct);
        (await lifetime.Task.WaitAsync(Bound, Ct)).StopApplication();
        terminal.Type("story share outcome:success title:\"Typed meanwhile\" summary:\"Must not be saved.\"");
        gate.Open();

        Assert.Equal(0, await session.WaitAsync(Bound, Ct));
        Assert.False(LogHoldsPages(run.DataPath), "the log was not checkpointed into the data file");
        var after = await run.RunAsync([], "story list\n");
        Assert.Contains("In flight", after.Output);
        Assert.DoesNotContain("Typed meanwhile", after.Output);
    }

    [Fact]
    public async Task Form_BadValue_IsReportedAtOnceAndOnlyThatFieldAskedAgain()
    {
        using var run = new BotRun();
        var terminal = new ScriptedTerminal();
        var session = StartInteractive(run, terminal);

        terminal.Input.Type("event add");
        await terminal.Output.WaitForAsync(text => text.EndsWith("title, text up to 120 characters: ", StringComparison.Ordinal), Ct);
        terminal.Input.Type("Open Councils");
        await terminal.Output.WaitForAsync(text => text.EndsWith("start, yyyy-mm-dd hh:mm, e.g. 2026-12-03 14:00: ", StringComparison.Ordinal), Ct);
        terminal.Input.Type("next thursday");
        await terminal.Output.WaitForAsync(text => text.Contains("Try again.", StringComparison.Ordinal) && text.EndsWith(": ", StringComparison.Ordinal), Ct);
        var afterError = terminal.Output.Text;
        terminal.Input.Type("2027-01-14 14:00");
        await terminal.Output.WaitForAsync(text => text.Contains("where (optional)", StringComparison.Ordinal), Ct);
        terminal.Input.Type("");
        await terminal.Output.WaitForAsync(text => text.Contains("description (optional)", StringComparison.Ordinal), Ct);
        terminal.Input.Type("");
        await terminal.Output.WaitForAsync(text => text.Contains("E-1", StringComparison.Ordinal), Ct);
        terminal.Input.End();
        await session.WaitAsync(Bound, Ct);

        var text = terminal.Output.Text;
        Assert.Contains("start 'next thursday' is not a date and time: use yyyy-mm-dd hh:mm, e.g. 2026-12-03 14:00. Try again.", afterError);
        Assert.EndsWith("start, yyyy-mm-dd hh:mm, e.g. 2026-12-03 14:00: ", afterError);
        Assert.Equal(1, Count(text, "title, text up to"));
        Assert.Equal(2, Count(text, "start, yyyy-mm-dd hh:mm"));
        Assert.Contains("Open Councils", text[text.LastIndexOf("E-1", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Form_CtrlD_CancelsTheFormAndTheShellGoesOn()
    {
        using var run = new BotRun();
        var terminal = new ScriptedTerminal();
        var session = StartInteractive(run, terminal);

        terminal.Input.Type("event add");
        await terminal.Output.WaitForAsync(text => text.EndsWith("title, text up to 120 characters: ", StringComparison.Ordinal), Ct);
        terminal.Input.Type("Open Councils");
        await terminal.Output.WaitForAsync(text => text.Contains("start, yyyy-mm-dd", StringComparison.Ordinal), Ct);
        terminal.Input.End(); // Ctrl-D
        await terminal.Output.WaitForAsync(text => text.Contains("Form cancelled; nothing was saved.", StringComparison.Ordinal), Ct);
        terminal.Input.Type("event list");
        await terminal.Output.WaitForAsync(text => text.Contains("No upcoming events", StringComparison.OrdinalIgnoreCase), Ct);
        terminal.Input.End();

        Assert.Equal(0, await session.WaitAsync(Bound, Ct));
    }

    [Theory]
    [InlineData("quit")]
    [InlineData("exit")]
    public async Task Piped_QuitOrExit_EndsTheSessionThere(string word)
    {
        using var run = new BotRun();

        var result = await run.RunAsync([], $"story list\n{word}\nstory share outcome:success title:\"After quit\" summary:\"No.\"\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No stories yet.", result.Output);
        Assert.DoesNotContain("After quit", result.Output);
        Assert.DoesNotContain("Unknown command", result.Output);
    }

    [Fact]
    public async Task Piped_AllCommandsSucceed_ExitsZero_AnyFails_ExitsOne()
    {
        using var run = new BotRun();

        var good = await run.RunAsync([], "story list\nhelp\n");
        var bad = await run.RunAsync([], "story list\nstory show S-99\nhelp\n");

        Assert.Equal(0, good.ExitCode);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("S-99 was not found", bad.Output);
    }

    [Fact]
    public async Task Piped_Echo_IsShortenedAndStripsEscapeSequences()
    {
        using var run = new BotRun();
        var huge = "story search " + new string('a', 1_000_000);

        var result = await run.RunAsync([], $"{huge}\n\u001b[31mstory\u001b]0;pwned\u0007 list\u0008\n");

        var echoes = result.Output.Split('\n').Where(l => l.StartsWith("> ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, echoes.Count);
        Assert.True(echoes[0].Length < 260, $"echo of {echoes[0].Length} characters");
        Assert.EndsWith("… (1000013 characters)", echoes[0]);
        Assert.Equal("> story list", echoes[1]);
        Assert.DoesNotContain('\u001b', result.Output);
        Assert.DoesNotContain('\u0007', result.Output);
        Assert.True(result.Output.Length < 20_000, $"printed {result.Output.Length} characters");
    }

    [Fact]
    public async Task Posts_QueuedInAnEarlierSession_AreNotPrintedInTheNext()
    {
        using var run = new BotRun();
        var start = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

        // Alice's session ends before its cancellation notice goes out (the sender is offline), so it stays queued.
        var alice = await run.RunAsync([], """
            event add title:"Open Councils" start:"2027-01-14 14:00" tz:Europe/London duration:1h
            event rsvp E-1 going
            event cancel E-1 reason:"Venue closed"
            """, user: "alice", moderator: true, overrides: services =>
        {
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(start));
            services.RemoveAll<IMessageSender>();
            services.AddSingleton<IMessageSender>(new OfflineSender());
        });
        Assert.Equal(0, alice.ExitCode);

        // Bob's session an hour later: the scheduler's first pass delivers what is queued; none of it is his to see.
        var terminal = new ScriptedTerminal();
        var state = new SchedulerState();
        var console = new ShellConsole(terminal.Input, terminal.Output, interactive: false);
        var settings = Settings(run, "bob");
        var bob = Task.Run(
            () => BotProgram.RunAsync([], console, terminal.Output, TextWriter.Null, settings, services =>
            {
                services.AddSingleton<TimeProvider>(new FakeTimeProvider(start.AddHours(1)));
                services.AddSingleton(state);
            }),
            Ct);
        await state.WaitForPassAsync(0, Ct).WaitAsync(Bound, Ct);
        terminal.Input.Type("event list");
        await terminal.Output.WaitForAsync(text => text.Contains("> event list", StringComparison.Ordinal) && text.TrimEnd().Length > text.IndexOf("> event list", StringComparison.Ordinal) + 12, Ct);
        terminal.Input.End();
        await bob.WaitAsync(Bound, Ct);

        Assert.DoesNotContain("[posted to", terminal.Output.Text);
        Assert.DoesNotContain("Venue closed", terminal.Output.Text);
    }

    [Fact]
    public async Task Sender_DirectMessageToAnotherShellUser_IsRefusedNotPrinted()
    {
        var output = new StringWriter();
        var console = new ShellConsole(new StringReader(""), output, interactive: false);
        var identity = new ShellIdentity(Microsoft.Extensions.Options.Options.Create(new ShellOptions { User = "bob" }));
        var deliveries = new Dpse.Testing.Scheduling.InMemoryDeliveryStore();
        var sender = new ShellMessageSender(console, identity, deliveries, new FakeTimeProvider());

        var toAlice = await sender.SendAsync(new DirectTarget(new ActorRef(Platforms.Shell, ShellIdentity.Workspace, "alice")), Message.Line("Reminder for alice"), "k1", Ct);
        var toBob = await sender.SendAsync(new DirectTarget(identity.Actor.Ref), Message.Line("Reminder for bob"), "k2", Ct);

        Assert.Equal(SendStatus.PermanentFailure, toAlice.Status);
        Assert.Equal(SendStatus.Sent, toBob.Status);
        Assert.DoesNotContain("alice", output.ToString());
        Assert.Contains("Reminder for bob", output.ToString());
    }

    [Fact]
    public async Task Process_Sigterm_WithWorkInFlight_ExitsCheckpointedAndRunsNothingTypedAfter()
    {
        Assert.SkipUnless(BotProcess.Available, "needs Linux and the Dpse.Bot apphost beside the tests");
        using var run = new BotRun();
        using var bot = BotProcess.Start(run.Folder, new Dictionary<string, string> { ["Dpse__Storage__LiteDb__Path"] = run.DataPath });
        // Enough that work is still queued when SIGTERM comes, however fast the machine: an idle shell could read the
        // line typed after it before the signal is seen, which is not what this test is about.
        for (var i = 0; i < 1000; i++)
        {
            await bot.TypeAsync($"story share outcome:success title:\"Batch {i}\" summary:\"In flight when SIGTERM comes.\"");
        }

        await bot.WaitForOutputAsync(text => text.Contains("New success story shared", StringComparison.Ordinal), TimeSpan.FromSeconds(60), Ct);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bot.Terminate();
        await bot.TypeAsync("story share outcome:success title:\"AfterTerm\" summary:\"Typed after SIGTERM.\"");
        var code = await bot.WaitForExitAsync(TimeSpan.FromSeconds(10), Ct); // docker stop's grace
        TestContext.Current.SendDiagnosticMessage($"SIGTERM to exit with work in flight: {clock.ElapsedMilliseconds} ms");

        Assert.Equal(0, code);
        Assert.DoesNotContain("AfterTerm", bot.Output);
        Assert.False(LogHoldsPages(run.DataPath), "the log was not checkpointed into the data file");
        Assert.Equal("", bot.Error);
    }

    private static Dictionary<string, string?> Settings(BotRun run, string user) => new()
    {
        ["Dpse:Storage:LiteDb:Path"] = run.DataPath,
        ["Dpse:Shell:User"] = user,
        ["Dpse:Shell:Moderator"] = "true",
    };

    private static Task<int> Start(BotRun run, TextReader input, TextWriter output, Action<IServiceCollection> overrides)
    {
        var console = new ShellConsole(input, output, interactive: false);
        return Task.Run(() => BotProgram.RunAsync([], console, output, TextWriter.Null, Settings(run, "mona"), overrides), Ct);
    }

    private static Task<int> StartInteractive(BotRun run, ScriptedTerminal terminal)
    {
        var console = new ShellConsole(terminal.Input, terminal.Output, interactive: true);
        return Task.Run(() => BotProgram.RunAsync([], console, terminal.Output, TextWriter.Null, Settings(run, "mona"), null), Ct);
    }

    private static bool LogHoldsPages(string dataPath)
    {
        var log = Path.Combine(Path.GetDirectoryName(dataPath)!, "dpse-log.db");
        return File.Exists(log) && new FileInfo(log).Length > 0;
    }

    private static int Count(string text, string what) => text.Split(what).Length - 1;

    /// <summary>Like the process's console: a read cannot be cancelled, it returns only when a line is typed.</summary>
    private sealed class ConsoleLikeReader : TextReader
    {
        private readonly Channel<string?> _lines = Channel.CreateUnbounded<string?>();

        public void Type(string line) => _lines.Writer.TryWrite(line);

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) =>
            await _lines.Reader.ReadAsync(CancellationToken.None);

        public override string? ReadLine() => throw new NotSupportedException("The shell reads asynchronously.");
    }

    /// <summary>Hands the host's lifetime to the test, to stop it as a signal would.</summary>
    private sealed class LifetimeProbe(IServiceProvider services, TaskCompletionSource<IHostApplicationLifetime> lifetime) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.TrySetResult(services.GetRequiredService<IHostApplicationLifetime>());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Holds the first text command until the test opens the gate: work in flight at the moment of the stop.</summary>
    private sealed class GatedDispatcher(ICommandDispatcher inner, GatedDispatcher.Gate gate) : ICommandDispatcher
    {
        public async Task<Reply> DispatchTextAsync(string text, Actor actor, ChannelRef place, bool canOpenForms, CancellationToken cancellationToken)
        {
            await gate.PassAsync();
            return await inner.DispatchTextAsync(text, actor, place, canOpenForms, CancellationToken.None);
        }

        public Task<Reply> DispatchActionAsync(string actionId, Actor actor, ChannelRef place, CancellationToken cancellationToken) =>
            inner.DispatchActionAsync(actionId, actor, place, cancellationToken);

        public Task<Reply> DispatchAsync(CommandRequest request, CancellationToken cancellationToken) => inner.DispatchAsync(request, cancellationToken);

        internal sealed class Gate
        {
            private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task Entered => _entered.Task;

            public void Open() => _open.TrySetResult();

            public async Task PassAsync()
            {
                _entered.TrySetResult();
                await _open.Task.WaitAsync(Bound);
            }
        }
    }

    /// <summary>A sender that cannot reach its platform: every delivery stays queued for later.</summary>
    private sealed class OfflineSender : IMessageSender
    {
        public string Platform => Platforms.Shell;

        public Task<SendResult> SendAsync(SendRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(SendResult.Transient("offline"));
    }
}
