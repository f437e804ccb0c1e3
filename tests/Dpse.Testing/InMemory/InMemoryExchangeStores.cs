namespace Dpse.Testing.InMemory;

/// <summary>
/// Every store port in memory, sharing one audit log, so a test can run the whole exchange without a file and
/// read the audit trail every write left behind.
/// </summary>
public sealed class InMemoryExchangeStores
{
    /// <summary>Creates empty stores sharing one audit log.</summary>
    public InMemoryExchangeStores()
    {
        Audit = new InMemoryAuditLog();
        Stories = new InMemoryStoryStore(Audit);
        Events = new InMemoryEventStore(Audit);
        ChannelSettings = new InMemoryChannelSettingsStore(Audit);
        MemberSettings = new InMemoryMemberSettingsStore(Audit);
    }

    /// <summary>
    /// When true the story and event stores yield before every call, as a real store does while it waits for its file
    /// or server, so callers racing each other interleave as they would in production (concurrency tests).
    /// </summary>
    public bool YieldEveryCall
    {
        get => Stories.YieldEveryCall;
        set => (Stories.YieldEveryCall, Events.YieldEveryCall) = (value, value);
    }

    /// <summary>The shared audit log.</summary>
    public InMemoryAuditLog Audit { get; }

    /// <summary>Stories.</summary>
    public InMemoryStoryStore Stories { get; }

    /// <summary>Events and RSVPs.</summary>
    public InMemoryEventStore Events { get; }

    /// <summary>Channel settings.</summary>
    public InMemoryChannelSettingsStore ChannelSettings { get; }

    /// <summary>Member settings.</summary>
    public InMemoryMemberSettingsStore MemberSettings { get; }
}
