namespace Dpse.Core.Instances;

/// <summary>
/// Remembers the hash of the command definition last registered with a platform per scope (global or a guild), so a
/// restart, or a second instance, does not register an unchanged definition again. A shared store keeps it for every
/// instance; read and write it under an <see cref="IClusterLock"/> so two instances do not both register.
/// </summary>
public interface IRegistrationHashStore
{
    /// <summary>The hash last registered for <paramref name="scope"/>, or null.</summary>
    Task<string?> GetAsync(string scope, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="hash"/> is now registered for <paramref name="scope"/>.</summary>
    Task SetAsync(string scope, string hash, CancellationToken cancellationToken);
}
