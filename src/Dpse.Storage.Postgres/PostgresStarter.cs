using Microsoft.Extensions.Hosting;

namespace Dpse.Storage.Postgres;

/// <summary>Waits for the server and migrates the schema when the host starts, so problems stop start-up rather than the first command.</summary>
internal sealed class PostgresStarter(PostgresDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureReadyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
