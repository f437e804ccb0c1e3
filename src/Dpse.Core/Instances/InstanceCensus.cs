namespace Dpse.Core.Instances;

/// <summary>
/// What a heartbeat learns: how many instances are live (this one included, so at least 1) and this instance's place
/// among them (0-based, in id order), which lets each instance work out its exact share without asking the others.
/// </summary>
public readonly record struct InstanceCensus(int Live, int Rank)
{
    /// <summary>This instance alone.</summary>
    public static InstanceCensus Alone { get; } = new(1, 0);

    /// <summary>
    /// This instance's share of <paramref name="total"/> items: <c>total / live</c>, plus one for the first
    /// <c>total % live</c> ranks, so the shares add up to the total and none exceeds <c>ceil(total / live)</c>.
    /// </summary>
    public int ShareOf(int total)
    {
        var live = Math.Max(1, Live);
        return (total / live) + (Math.Clamp(Rank, 0, live - 1) < total % live ? 1 : 0);
    }
}
