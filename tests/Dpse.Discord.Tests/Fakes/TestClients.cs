using Dpse.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dpse.Discord.Tests.Fakes;

internal static class TestClients
{
    public const string Token = "test-token";
    public const string ApplicationId = FakeDiscord.ApplicationId;

    public static DiscordOptions Options(FakeDiscord fake, Action<DiscordOptions>? configure = null)
    {
        var options = new DiscordOptions { Enabled = true, Token = Token, ApplicationId = ApplicationId, ApiBaseUrl = fake.ApiBaseUrl, GatewayUrl = fake.GatewayUrl };
        configure?.Invoke(options);
        return options;
    }

    public static DiscordRestClient Rest(FakeDiscord fake, TimeProvider time, ILogger<DiscordRestClient>? logger = null, DiscordOptions? options = null) =>
        new(new HttpClient(fake.Idle, disposeHandler: false), Microsoft.Extensions.Options.Options.Create(options ?? Options(fake)), time, logger ?? NullLogger<DiscordRestClient>.Instance);
}
