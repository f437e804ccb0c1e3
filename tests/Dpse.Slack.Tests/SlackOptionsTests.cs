using Dpse.Core.Commands;
using Dpse.Core.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dpse.Slack.Tests;

public class SlackOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<ICommandDispatcher, FakeDispatcher>();
        services.AddDpseSlack(configuration);
        return services.BuildServiceProvider();
    }

    private static OptionsValidationException Fails(Dictionary<string, string?> settings)
    {
        using var provider = Build(settings);
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SlackOptions>>().Value);
    }

    [Fact]
    public void Validate_EnabledWithoutTokens_FailsNamingBothKeysAndVariables()
    {
        var error = Fails(new() { ["Dpse:Slack:Enabled"] = "true" });

        Assert.Contains("Dpse:Slack:BotToken is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dpse__Slack__BotToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dpse:Slack:AppToken is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dpse__Slack__AppToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TokensSwapped_FailsSayingWhichKindEachMustBe_WithoutEchoingThem()
    {
        var error = Fails(new()
        {
            ["Dpse:Slack:Enabled"] = "true",
            ["Dpse:Slack:BotToken"] = "xapp-1-secret-value",
            ["Dpse:Slack:AppToken"] = "xoxb-secret-value",
        });

        Assert.Contains("Dpse:Slack:BotToken must start with xoxb-", error.Message, StringComparison.Ordinal);
        Assert.Contains("Dpse:Slack:AppToken must start with xapp-", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UserTokenAsBotToken_Fails()
    {
        var error = Fails(new()
        {
            ["Dpse:Slack:Enabled"] = "true",
            ["Dpse:Slack:BotToken"] = "xoxp-user",
            ["Dpse:Slack:AppToken"] = "xapp-app",
        });

        Assert.Contains("BotToken must start with xoxb- ", error.Message, StringComparison.Ordinal);
        Assert.Contains("a user (xoxp-) token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDpseSlack_Disabled_ValidOptionsAndNoHostedServiceOrSender()
    {
        using var provider = Build(new() { ["Dpse:Slack:Enabled"] = "false" });

        Assert.False(provider.GetRequiredService<IOptions<SlackOptions>>().Value.Enabled);
        Assert.Empty(provider.GetServices<IHostedService>());
        Assert.Empty(provider.GetServices<IMessageSender>());
    }

    [Fact]
    public async Task AddDpseSlack_Enabled_RegistersHostedServiceAndSlackSender_AndBindsModerators()
    {
        await using var provider = Build(new()
        {
            ["Dpse:Slack:Enabled"] = "true",
            ["Dpse:Slack:BotToken"] = "xoxb-1",
            ["Dpse:Slack:AppToken"] = "xapp-1",
            ["Dpse:Slack:ModeratorUserIds:0"] = "U1",
            ["Dpse:Slack:ModeratorUserIds:1"] = "U2",
        });

        var options = provider.GetRequiredService<IOptions<SlackOptions>>().Value;
        Assert.Equal(["U1", "U2"], options.ModeratorUserIds);
        Assert.Equal(new Uri("https://slack.com/api/"), options.ApiBaseUrl);
        Assert.Single(provider.GetServices<IHostedService>());
        Assert.Equal("slack", Assert.Single(provider.GetServices<IMessageSender>()).Platform);
    }
}
