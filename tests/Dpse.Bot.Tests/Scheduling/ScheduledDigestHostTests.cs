using System.Text.RegularExpressions;
using Dpse.Bot.Hosting;
using Dpse.Bot.Shell;
using Dpse.Core.Scheduling;
using Dpse.Storage.LiteDb.Deliveries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Bot.Tests.Scheduling;

/// <summary>
/// The weekly digest through the real host, the shell adapter and the LiteDB file: subscribe, share, let the clock reach
/// Monday 09:00 London, see the digest printed once; restart on the same file and nothing repeats.
/// </summary>
public sealed partial class ScheduledDigestHostTests : IDisposable
{
    private const string Posted = "[posted to #terminal]";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly string _folder = Directory.CreateTempSubdirectory("dpse-sched-tests-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)); // Thursday

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WeeklyDigest_ThroughTheShellHost_PrintedOnceAndNotRepeatedAfterARestart()
    {
        // First run: subscribe and share two stories, then the clock reaches Monday 30 November 09:00 GMT.
        await using (var first = await BotSession.StartAsync(_folder, _time))
        {
            await first.TypeAsync("digest subscribe day:monday time:09:00 tz:Europe/London", "will get the weekly digest");
            await first.TypeAsync("story share outcome:success title:\"Accessible forms\" summary:\"Webform replaced PDF forms.\"", "S-1");
            await first.TypeAsync("story share outcome:failure title:\"Search rebuild stalled\" summary:\"Solr could not be upgraded.\" lessons:\"Check the hosting contract first.\"", "S-2");

            await first.AdvanceToAsync(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

            var output = first.Output;
            Assert.Equal(1, Count(output, Posted));
            var digest = output[output.IndexOf(Posted, StringComparison.Ordinal)..];
            Assert.Contains("DPSE weekly digest", digest, StringComparison.Ordinal);
            Assert.Contains("Accessible forms", digest, StringComparison.Ordinal);
            Assert.Contains("Check the hosting contract first.", digest, StringComparison.Ordinal);
            Assert.Equal(0, await first.EndAsync());
        }

        // Second run on the same file: the sent digest is not repeated, and next week's covers only what is new.
        await using var second = await BotSession.StartAsync(_folder, _time);
        await second.AdvanceToAsync(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, Count(second.Output, Posted));

        await second.TypeAsync("story share outcome:partial title:\"Design system rollout\" summary:\"Half the sites moved.\"", "S-3");
        await second.AdvanceToAsync(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));
        var later = second.Output;
        Assert.Equal(1, Count(later, Posted));
        var next = later[later.IndexOf(Posted, StringComparison.Ordinal)..];
        Assert.Contains("Design system rollout", next, StringComparison.Ordinal);
        Assert.DoesNotContain("Accessible forms", next, StringComparison.Ordinal);
        Assert.Equal(0, await second.EndAsync());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    /// <summary>One run of the executable's entry (BotProgram) on the shared data file, with a terminal that stays open.</summary>
    private sealed class BotSession : IAsyncDisposable
    {
        private readonly ScriptedTerminal _terminal = new();
        private readonly SchedulerState _state = new();
        private readonly FakeTimeProvider _time;
        private Task<int>? _run;

        private BotSession(FakeTimeProvider time) => _time = time;

        public string Output => _terminal.Output.Text;

        public static async Task<BotSession> StartAsync(string folder, FakeTimeProvider time)
        {
            var session = new BotSession(time);
            var settings = new Dictionary<string, string?>
            {
                ["Dpse:Storage:LiteDb:Path"] = Path.Combine(folder, "data", "dpse.db"),
                ["Dpse:Shell:User"] = "mona",
                ["Dpse:Shell:Moderator"] = "true",
            };
            var console = new ShellConsole(session._terminal.Input, session._terminal.Output, interactive: false);
            session._run = Task.Run(
                () => BotProgram.RunAsync([], console, session._terminal.Output, TextWriter.Null, settings, services =>
                {
                    services.AddSingleton<TimeProvider>(time);
                    services.AddSingleton(session._state);
                    services.AddDpseLiteDbDeliveries();
                }),
                Ct);
            await session._state.WaitForPassAsync(0, Ct).WaitAsync(Bound, Ct);
            return session;
        }

        /// <summary>Types a command and waits for its reply (<paramref name="expect"/>) and the scheduler pass it may cause.</summary>
        public async Task TypeAsync(string line, string expect)
        {
            var before = _terminal.Output.Text.Length;
            _terminal.Input.Type(line);
            await _terminal.Output.WaitForAsync(text => text.Length > before && text[before..].Contains(expect, StringComparison.Ordinal), Ct);
            await _state.WaitForPassAsync(0, Ct).WaitAsync(Bound, Ct);
        }

        /// <summary>Moves the clock to <paramref name="target"/>, stopping at each moment the scheduler wakes for.</summary>
        public async Task AdvanceToAsync(DateTimeOffset target)
        {
            while (_state.NextDue is { } due && due <= target)
            {
                var passes = _state.Passes;
                if (due > _time.GetUtcNow())
                {
                    _time.SetUtcNow(due);
                }

                await _state.WaitForPassAsync(passes, Ct).WaitAsync(Bound, Ct);
            }

            if (target > _time.GetUtcNow())
            {
                _time.SetUtcNow(target);
            }
        }

        /// <summary>Closes the input; the shell stops the host, which closes the data file.</summary>
        public async Task<int> EndAsync()
        {
            _terminal.Input.End();
            return await _run!.WaitAsync(Bound, Ct);
        }

        public async ValueTask DisposeAsync()
        {
            if (_run is { IsCompleted: false })
            {
                await EndAsync();
            }
        }
    }
}
