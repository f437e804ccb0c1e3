namespace Dpse.Core.Instances;

/// <summary>
/// The live instance count as last seen by <see cref="InstanceHeartbeat"/> (1 until the first beat): what shared
/// budgets divide by on each turn, without a database round trip per request.
/// </summary>
public sealed class InstancePresence
{
    private readonly Lock _lock = new();
    private InstanceCensus _census = InstanceCensus.Alone;

    /// <summary>The last census (this instance alone until the first beat).</summary>
    public InstanceCensus Census
    {
        get
        {
            lock (_lock)
            {
                return _census;
            }
        }
    }

    /// <summary>Records the census from a heartbeat.</summary>
    public void Update(InstanceCensus census)
    {
        lock (_lock)
        {
            _census = census.Live < 1 ? InstanceCensus.Alone : census;
        }
    }
}
