using Dpse.Core;
using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Commands;
using Dpse.Core.Deliveries;
using Dpse.Core.Events;
using Dpse.Core.Identity;
using Dpse.Core.Members;
using Dpse.Core.Messages;
using Dpse.Core.Stories;
using Dpse.Testing.InMemory;
using Dpse.Testing.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Dpse.Testing;

/// <summary>
/// The whole command core over in-memory stores and a fake clock: what adapter and core tests drive end to end.
/// Time starts at Thursday 26 November 2026, 10:00 UTC unless given.
/// </summary>
public sealed class TestExchange : IDisposable
{
    /// <summary>The default start of fake time.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private TestExchange(FakeTimeProvider time, Action<IServiceCollection>? configure)
    {
        Time = time;
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddOptions<ExchangeOptions>();
        services.AddSingleton<IStoryStore>(Stores.Stories);
        services.AddSingleton<IEventStore>(Stores.Events);
        services.AddSingleton<IChannelSettingsStore>(Stores.ChannelSettings);
        services.AddSingleton<IMemberSettingsStore>(Stores.MemberSettings);
        services.AddSingleton<IAuditLog>(Stores.Audit);
        services.AddSingleton<IDeliveryStore>(Deliveries);
        services.AddDpseCore();
        configure?.Invoke(services);
        _services = services.BuildServiceProvider();
        Dispatcher = _services.GetRequiredService<ICommandDispatcher>();
        Completions = _services.GetRequiredService<ICompletionSource>();
    }

    /// <summary>A member of the Slack workspace T1.</summary>
    public static Actor Alice { get; } = new(new ActorRef(Platforms.Slack, "T1", "U-ALICE"), "Alice", IsModerator: false);

    /// <summary>Another member, on Discord.</summary>
    public static Actor Bob { get; } = new(new ActorRef(Platforms.Discord, "G1", "1001"), "Bob", IsModerator: false);

    /// <summary>A moderator on the shell.</summary>
    public static Actor Mona { get; } = new(new ActorRef(Platforms.Shell, "local", "mona"), "Mona", IsModerator: true);

    /// <summary>A Slack channel.</summary>
    public static ChannelRef SlackChannel { get; } = new(Platforms.Slack, "T1", "C-GENERAL");

    /// <summary>A Discord channel.</summary>
    public static ChannelRef DiscordChannel { get; } = new(Platforms.Discord, "G1", "2002");

    /// <summary>The fake clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The stores.</summary>
    public InMemoryExchangeStores Stores { get; } = new();

    /// <summary>The delivery records.</summary>
    public InMemoryDeliveryStore Deliveries { get; } = new();

    /// <summary>The router, as adapters see it.</summary>
    public ICommandDispatcher Dispatcher { get; }

    /// <summary>Autocomplete.</summary>
    public ICompletionSource Completions { get; }

    /// <summary>Services, for tests that need more of the core.</summary>
    public IServiceProvider Services => _services;

    /// <summary>Creates an exchange; <paramref name="configure"/> may replace services.</summary>
    public static TestExchange Create(FakeTimeProvider? time = null, Action<IServiceCollection>? configure = null) =>
        new(time ?? new FakeTimeProvider(DefaultStart), configure);

    /// <summary>Runs command text as <paramref name="actor"/> (Alice by default) in <paramref name="place"/> (the Slack channel by default).</summary>
    public Task<Reply> RunAsync(string text, Actor? actor = null, ChannelRef? place = null, bool canOpenForms = false) =>
        Dispatcher.DispatchTextAsync(text, actor ?? Alice, place ?? SlackChannel, canOpenForms, CancellationToken.None);

    /// <summary>Runs command text and returns the reply as the shell would print it.</summary>
    public async Task<string> RunTextAsync(string text, Actor? actor = null, ChannelRef? place = null) =>
        PlainTextRenderer.Render((await RunAsync(text, actor, place)).Message);

    /// <inheritdoc />
    public void Dispose() => _services.Dispose();
}
