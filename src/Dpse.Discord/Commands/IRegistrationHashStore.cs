namespace Dpse.Discord.Commands;

/// <summary>Remembers the hash of the command definition last registered per scope (global or a guild).</summary>
public interface IRegistrationHashStore
{
    /// <summary>The hash last registered for <paramref name="scope"/>, or null.</summary>
    Task<string?> GetAsync(string scope, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="hash"/> is now registered for <paramref name="scope"/>.</summary>
    Task SetAsync(string scope, string hash, CancellationToken cancellationToken);
}
