namespace Dpse.Core.Instances;

/// <summary>A lock shared by every instance, for work that must run once at a time across them (registering commands).</summary>
public interface IClusterLock
{
    /// <summary>Waits until no other instance holds the lock <paramref name="name"/> and takes it; disposing releases it.</summary>
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken);
}
