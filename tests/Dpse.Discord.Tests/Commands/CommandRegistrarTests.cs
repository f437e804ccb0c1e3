using Dpse.Core.Commands;
using Dpse.Discord.Commands;
using Dpse.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dpse.Discord.Tests.Commands;

public sealed class CommandRegistrarTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dpse-discord-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private CommandRegistrar Registrar(FakeDiscord fake, params string[] guilds)
    {
        var options = TestClients.Options(fake, o =>
        {
            o.RegistrationHashFile = Path.Combine(_dir, "data", "discord-commands.json");
            foreach (var g in guilds)
            {
                o.GuildIds.Add(g);
            }
        });
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        return new CommandRegistrar(TestClients.Rest(fake, TimeProvider.System, options: options), new FileRegistrationHashStore(wrapped), new Dpse.Core.Instances.LocalClusterLock(new Dpse.Core.Instances.LocalCluster(TimeProvider.System)), wrapped, NullLogger<CommandRegistrar>.Instance);
    }

    [Fact]
    public async Task Register_PerGuild_BulkOverwritesWithTheCatalogue()
    {
        await using var fake = await FakeDiscord.StartAsync();

        Assert.True(await Registrar(fake, "290926798626357999", "339318275320184833").RegisterAsync(CommandCatalogue.All, TestContext.Current.CancellationToken));

        Assert.Equal(
            [$"PUT /applications/{TestClients.ApplicationId}/guilds/290926798626357999/commands", $"PUT /applications/{TestClients.ApplicationId}/guilds/339318275320184833/commands"],
            fake.All.Select(r => $"{r.Method} {r.Path}"));
        var command = Assert.Single(fake.All[0].Json.AsArray())!;
        Assert.Equal("dpse", command["name"]!.GetValue<string>());
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task Register_Unchanged_SkippedAfterRestart()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await Registrar(fake).RegisterAsync(CommandCatalogue.All, TestContext.Current.CancellationToken);

        await Registrar(fake).RegisterAsync(CommandCatalogue.All, TestContext.Current.CancellationToken);

        Assert.Equal([$"PUT /applications/{TestClients.ApplicationId}/commands"], fake.All.Select(r => $"{r.Method} {r.Path}"));
        fake.AssertBodiesMatchOpenApi();
    }

    [Fact]
    public async Task Register_DefinitionChanged_RegistersAgain()
    {
        await using var fake = await FakeDiscord.StartAsync();
        await Registrar(fake).RegisterAsync(CommandCatalogue.All, TestContext.Current.CancellationToken);

        await Registrar(fake).RegisterAsync([.. CommandCatalogue.All.Take(5)], TestContext.Current.CancellationToken);

        Assert.Equal(2, fake.All.Count);
    }

    [Fact]
    public async Task Register_Refused_NotRememberedSoNextStartRetries()
    {
        await using var fake = await FakeDiscord.StartAsync();
        fake.Script(_ => true, new FakeResponse(400, """{"code":50035,"message":"Invalid Form Body"}"""));

        Assert.False(await Registrar(fake).RegisterAsync(CommandCatalogue.All, TestContext.Current.CancellationToken));
        Assert.True(await Registrar(fake).RegisterAsync(CommandCatalogue.All, TestContext.Current.CancellationToken));

        Assert.Equal([400, 200], fake.All.Select(r => r.Status));
    }
}
