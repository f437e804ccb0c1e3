using Dpse.Core.Commands;
using Dpse.Core.Duplicates;
using Dpse.Core.Sending;
using Dpse.Slack.SocketMode;
using Dpse.Testing.Scheduling;
using Dpse.Testing.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Slack.Tests.Fakes;

/// <summary>The Slack adapter wired as the host wires it (AddDpseSlack), aimed at a <see cref="FakeSlack"/>, on fake time.</summary>
internal sealed class SlackHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private SlackHarness(FakeSlack slack, ServiceProvider services, FakeTimeProvider clock, IdleGate idle)
    {
        Slack = slack;
        Services = services;
        Clock = clock;
        Idle = idle;
    }

    public FakeSlack Slack { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Counts the adapter's Web API requests in flight (every client the factory makes sends through it).</summary>
    public IdleGate Idle { get; }

    public FakeDispatcher Dispatcher => (FakeDispatcher)Services.GetRequiredService<ICommandDispatcher>();

    public SlackSocketModeService Service => Services.GetRequiredService<SlackSocketModeService>();

    public IMessageSender Sender => Services.GetServices<IMessageSender>().Single(s => s.Platform == "slack");

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Starts the fake Slack and the adapter's services (not yet the socket; see <see cref="StartSocketAsync"/>).</summary>
    /// <param name="cancellationToken">The test's token.</param>
    /// <param name="script">Scripts the fake before the adapter starts.</param>
    /// <param name="dispatcher">The core to run commands (the real router over in-memory stores); a <see cref="FakeDispatcher"/> by default.</param>
    /// <param name="minimumLevel">The lowest log level collected (Information, as the host's default).</param>
    /// <param name="onceKeys">The store's once-claims, shared with another harness to play two instances on one store; the adapter's in-memory default otherwise.</param>
    /// <param name="configure">Adds or replaces services before the provider is built (metrics, say).</param>
    public static async Task<SlackHarness> CreateAsync(CancellationToken cancellationToken, Action<FakeSlack>? script = null, ICommandDispatcher? dispatcher = null, LogLevel minimumLevel = LogLevel.Information, IOnceKeys? onceKeys = null, Action<IServiceCollection>? configure = null)
    {
        var clock = new FakeTimeProvider(Start);
        var slack = await FakeSlack.StartAsync(clock, cancellationToken);
        script?.Invoke(slack);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dpse:Slack:Enabled"] = "true",
            ["Dpse:Slack:BotToken"] = "xoxb-test-bot-token",
            ["Dpse:Slack:AppToken"] = "xapp-test-app-token",
            ["Dpse:Slack:ModeratorUserIds:0"] = "UMOD",
            ["Dpse:Slack:ApiBaseUrl"] = slack.ApiUrl.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFakeLogging();
        services.AddLogging(logging => logging.SetMinimumLevel(minimumLevel));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(dispatcher ?? new FakeDispatcher());
        if (onceKeys is not null)
        {
            services.AddSingleton(onceKeys);
        }

        services.AddSingleton(new SocketModeTiming { BackoffBase = TimeSpan.FromMilliseconds(100), BackoffCap = TimeSpan.FromSeconds(1) });
        configure?.Invoke(services);
        services.AddDpseSlack(configuration);
        var idle = new IdleGate();
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => idle.Observer()));
        return new SlackHarness(slack, services.BuildServiceProvider(validateScopes: true), clock, idle);
    }

    /// <summary>Starts the hosted service and waits (bounded) for the first hello.</summary>
    public async Task<FakeSocket> StartSocketAsync(CancellationToken cancellationToken)
    {
        foreach (var hosted in Services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(cancellationToken);
        }

        try
        {
            await Service.Ready.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No hello within 30 s. Service: {Service.ExecuteTask?.Status} {Service.ExecuteTask?.Exception}; calls: {string.Join(", ", Slack.Calls.Snapshot().Select(c => c.Method))}. Log:\n" + string.Join('\n', Logs.GetSnapshot().Select(r => $"{r.Level} {r.Message} {r.Exception}")));
        }
        return await Slack.Sockets.WaitAsync(s => s.Number == 1, cancellationToken);
    }

    /// <summary>
    /// Advances fake time in <paramref name="step"/>s, only while no Web API request is in flight (see
    /// <see cref="IdleClock"/>), until <paramref name="task"/> completes; at most <paramref name="maxSteps"/> steps.
    /// </summary>
    public async Task<T> AdvanceUntilAsync<T>(Task<T> task, TimeSpan step, CancellationToken cancellationToken, int maxSteps = 400)
    {
        await IdleClock.AdvanceUntilAsync(Clock, Idle, () => task.IsCompleted, step, step * maxSteps, cancellationToken);
        return await task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var hosted in Services.GetServices<IHostedService>())
        {
            try
            {
                await hosted.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await Services.DisposeAsync();
        await Slack.DisposeAsync();
        Idle.Dispose();
    }
}
