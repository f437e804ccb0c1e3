using Dpse.Core.Identity;
using Dpse.Core.Messages;
using Dpse.Core.Sending;
using Dpse.Discord.Gateway;
using Dpse.Discord.Tests.Fakes;
using Dpse.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Dpse.Discord.Tests.Gateway;

/// <summary>The bot token and interaction tokens (inside callback URLs) are credentials: whatever the level, none reaches the log.</summary>
public sealed class SecretsInLogsTests : IDisposable
{
    private const string BotTokenCanary = "CANARYBOTTOKEN.x7Q.discord";
    private readonly string _dir = Directory.CreateTempSubdirectory("dpse-discord-secrets-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(LogLevel.Information)]
    [InlineData(LogLevel.Debug)]
    public async Task Adapter_BotTokenAndInteractionToken_NeverLogged(LogLevel level)
    {
        await using var fake = await FakeDiscord.StartAsync();
        using var exchange = TestExchange.Create();
        var logs = new FakeLogCollector();
        var settings = new Dictionary<string, string?>
        {
            ["Dpse:Discord:Enabled"] = "true",
            ["Dpse:Discord:Token"] = BotTokenCanary,
            ["Dpse:Discord:ApplicationId"] = TestClients.ApplicationId,
            ["Dpse:Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Dpse:Discord:GuildIds:0"] = InteractionFixtures.GuildId,
            ["Dpse:Discord:RegistrationHashFile"] = Path.Combine(_dir, "hash.json"),
        };
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(level).AddProvider(new FakeLoggerProvider(logs)));
        services.AddSingleton(exchange.Dispatcher);
        services.AddSingleton(exchange.Completions);
        services.AddDpseDiscord(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var provider = services.BuildServiceProvider();
        var service = provider.GetRequiredService<DiscordGatewayService>();
        await service.StartAsync(Ct);
        try
        {
            await fake.NextRequestAsync(r => r.Path == "/gateway/bot");
            var connection = await fake.NextConnectionAsync();
            await connection.SendAsync(GatewayFixtures.Hello);
            await connection.ReceiveAsync();
            await connection.SendAsync(GatewayFixtures.Ready(fake.GatewayUrl + "/resume"));

            // An interaction, answered through its callback URL (/interactions/{id}/{token}/callback), and a channel post.
            var command = InteractionFixtures.Command("story list", id: "100000000000000077");
            await connection.SendAsync(GatewayFixtures.Dispatch("INTERACTION_CREATE", command, 2));
            var callback = await fake.NextRequestAsync(r => r.Path.StartsWith("/interactions/100000000000000077/", StringComparison.Ordinal));
            Assert.Contains("A_UNIQUE_TOKEN_100000000000000077", callback.Path, StringComparison.Ordinal);
            var sender = provider.GetServices<IMessageSender>().Single(s => s.Platform == "discord");
            await sender.SendAsync(new ChannelTarget(new ChannelRef("discord", InteractionFixtures.GuildId, InteractionFixtures.ChannelId)), Message.Line("digest"), "k-1", Ct);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        var records = logs.GetSnapshot();
        Assert.NotEmpty(records);
        var everything = string.Join('\n', records.Select(r =>
            $"{r.Category} {r.Message} {r.Exception} {string.Join(' ', r.StructuredState?.Select(p => p.Value) ?? [])}"));
        Assert.DoesNotContain(BotTokenCanary, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("A_UNIQUE_TOKEN_", everything, StringComparison.Ordinal);
    }
}
