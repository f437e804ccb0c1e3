using Dpse.Storage.LiteDb.Stories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Dpse.Storage.LiteDb;

/// <summary>
/// Opens the database when the host starts (creating its folder, taking the file lock, loading the search index),
/// so problems surface at start-up rather than at the first command.
/// </summary>
internal sealed class LiteDbOpener(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<LiteDbStoryStore>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
