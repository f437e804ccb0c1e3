using System.Text.Json;
using Dpse.Core.Instances;
using Microsoft.Extensions.Options;

namespace Dpse.Discord.Commands;

/// <summary>The default hash store: a small JSON file next to the data (<see cref="DiscordOptions.RegistrationHashFile"/>).</summary>
internal sealed class FileRegistrationHashStore(IOptions<DiscordOptions> options) : IRegistrationHashStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    private string FilePath => Path.GetFullPath(options.Value.RegistrationHashFile);

    public async Task<string?> GetAsync(string scope, CancellationToken cancellationToken)
    {
        var all = await ReadAsync(cancellationToken);
        return all.TryGetValue(scope, out var hash) ? hash : null;
    }

    public async Task SetAsync(string scope, string hash, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var all = await ReadAsync(cancellationToken);
            all[scope] = hash;
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var temp = FilePath + ".tmp";
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(all), cancellationToken);
            File.Move(temp, FilePath, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Dictionary<string, string>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            return new(StringComparer.Ordinal);
        }

        try
        {
            var text = await File.ReadAllTextAsync(FilePath, cancellationToken);
            return JsonSerializer.Deserialize<Dictionary<string, string>>(text) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // A damaged file only costs one extra registration.
            return new(StringComparer.Ordinal);
        }
    }
}
