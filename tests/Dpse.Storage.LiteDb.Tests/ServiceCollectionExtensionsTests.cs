using Dpse.Core.Audit;
using Dpse.Core.Channels;
using Dpse.Core.Duplicates;
using Dpse.Core.Events;
using Dpse.Core.Members;
using Dpse.Core.Stories;
using Dpse.Storage.LiteDb.Duplicates;
using Dpse.Storage.LiteDb.Stories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using static Dpse.Testing.Contracts.ContractData;

namespace Dpse.Storage.LiteDb.Tests;

// Sequential by design (one class): one test sets a process environment variable.
public sealed class ServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AddDpseLiteDbStore_HostStart_OpensTheConfiguredFileAndServesEveryPort()
    {
        using var host = Build(new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = _folder.DataFile });

        await host.StartAsync(Ct);

        Assert.True(File.Exists(_folder.DataFile));
        var stories = host.Services.GetRequiredService<IStoryStore>();
        Assert.IsType<LiteDbStoryStore>(stories);
        Assert.Same(stories, host.Services.GetRequiredService<IStoryStore>());
        Assert.NotNull(host.Services.GetRequiredService<IEventStore>());
        Assert.NotNull(host.Services.GetRequiredService<IChannelSettingsStore>());
        Assert.NotNull(host.Services.GetRequiredService<IMemberSettingsStore>());
        Assert.NotNull(host.Services.GetRequiredService<IAuditLog>());
        Assert.IsType<LiteDbOnceKeys>(host.Services.GetRequiredService<IOnceKeys>());
        await stories.AddAsync(Story("Solr", Day(1)), AuditBy(Ann, "story share"), Ct);
        Assert.Equal("S-1", (await host.Services.GetRequiredService<IAuditLog>().ListAsync(null, 1, Ct)).Single().Target);

        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddDpseLiteDbStore_EmptyPath_StopsStartNamingTheKey()
    {
        using var host = Build(new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = "" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("Dpse:Storage:LiteDb:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDpseLiteDbStore_PathIsAFolder_StopsStartNamingTheKey()
    {
        Directory.CreateDirectory(_folder.Path);
        using var host = Build(new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = _folder.Path });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Ct));

        Assert.Contains("Dpse:Storage:LiteDb:Path", error.Message, StringComparison.Ordinal);
        Assert.Contains("folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDpseLiteDbStore_FileHeldByAnotherDatabase_StopsStartWithTheRefusal()
    {
        using var holder = new LiteDbDatabase(_folder.DataFile);
        using var host = Build(new Dictionary<string, string?> { ["Dpse:Storage:LiteDb:Path"] = _folder.DataFile });

        var error = await Assert.ThrowsAsync<DatabaseInUseException>(() => host.StartAsync(Ct));

        Assert.Contains(holder.FilePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LiteDbOptions_Defaults_ToDataDpseDb()
    {
        var services = new ServiceCollection().AddDpseLiteDbStore(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.Equal("data/dpse.db", provider.GetRequiredService<IOptions<LiteDbOptions>>().Value.Path);
    }

    [Fact]
    public void LiteDbOptions_EnvironmentVariable_SetsThePath()
    {
        const string Variable = "Dpse__Storage__LiteDb__Path";
        Environment.SetEnvironmentVariable(Variable, _folder.DataFile);
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
            using var provider = new ServiceCollection().AddDpseLiteDbStore(configuration).BuildServiceProvider();

            Assert.Equal(_folder.DataFile, provider.GetRequiredService<IOptions<LiteDbOptions>>().Value.Path);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddDpseLiteDbStore(builder.Configuration);
        return builder.Build();
    }
}
