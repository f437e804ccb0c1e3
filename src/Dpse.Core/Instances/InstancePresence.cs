namespace Dpse.Core.Instances;

/// <summary>
/// The live instance count as last seen by <see cref="InstanceHeartbeat"/> (1 until the first beat): what shared
/// budgets divide by on each turn, without a database round trip per request.
/// </summary>
public sealed class InstancePresence
{
    private int _live = 1;

    /// <summary>How many instances are live, at least 1.</summary>
    public int LiveInstances => Volatile.Read(ref _live);

    /// <summary>Records the count from a heartbeat.</summary>
    public void Update(int live) => Volatile.Write(ref _live, Math.Max(1, live));

    /// <summary>This instance's share of <paramref name="total"/> (at least 1).</summary>
    public int ShareOf(int total) => Math.Max(1, total / LiveInstances);
}
