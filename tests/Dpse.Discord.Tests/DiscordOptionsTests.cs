using Dpse.Core.Commands;
using Dpse.Core.Identity;
using Dpse.Core.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dpse.Discord.Tests;

public sealed class DiscordOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ICommandDispatcher, FakeDispatcher>();
        services.AddDpseDiscord(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddDpseDiscord_EnabledWithoutToken_FailsStartNamingTheKey()
    {
        using var provider = Build(new() { ["Dpse:Discord:Enabled"] = "true", ["Dpse:Discord:ApplicationId"] = "352205866889641984" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Dpse:Discord:Token is required", e.Message, StringComparison.Ordinal);
        Assert.Contains("Dpse__Discord__Token", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDpseDiscord_EnabledWithoutApplicationId_FailsStartNamingTheKey()
    {
        using var provider = Build(new() { ["Dpse:Discord:Enabled"] = "true", ["Dpse:Discord:Token"] = "secret" });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Dpse:Discord:ApplicationId is required", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDpseDiscord_Disabled_RegistersOptionsOnly()
    {
        using var provider = Build(new() { ["Dpse:Discord:Enabled"] = "false" });

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(DiscordOptions.DefaultApiBaseUrl, provider.GetRequiredService<IOptions<DiscordOptions>>().Value.ApiBaseUrl);
        Assert.Empty(provider.GetServices<IMessageSender>());
        Assert.Empty(provider.GetServices<IHostedService>());
    }

    [Fact]
    public void AddDpseDiscord_Enabled_RegistersSenderAndHostedService()
    {
        using var provider = Build(new()
        {
            ["Dpse:Discord:Enabled"] = "true",
            ["Dpse:Discord:Token"] = "secret",
            ["Dpse:Discord:ApplicationId"] = "352205866889641984",
            ["Dpse:Discord:GuildIds:0"] = "290926798626357999",
            ["Dpse:Discord:ModeratorRoleIds:0"] = "539082325061836999",
        });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<DiscordOptions>>().Value;
        Assert.Equal(["290926798626357999"], options.GuildIds);
        Assert.Equal(["539082325061836999"], options.ModeratorRoleIds);
        Assert.Equal(Platforms.Discord, Assert.Single(provider.GetServices<IMessageSender>()).Platform);
        Assert.Equal(["DiscordGatewayService", "InstanceHeartbeat"], provider.GetServices<IHostedService>().Select(s => s.GetType().Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Dpse:Discord:ApiBaseUrl", "not a url", "Dpse:Discord:ApiBaseUrl")]
    [InlineData("Dpse:Discord:GatewayUrl", "https://gateway", "Dpse:Discord:GatewayUrl")]
    [InlineData("Dpse:Discord:GuildIds:0", "my-guild", "Dpse:Discord:GuildIds")]
    public void AddDpseDiscord_BadValue_FailsNamingTheKey(string key, string value, string named)
    {
        using var provider = Build(new() { ["Dpse:Discord:Enabled"] = "true", ["Dpse:Discord:Token"] = "t", ["Dpse:Discord:ApplicationId"] = "1", [key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }
}
