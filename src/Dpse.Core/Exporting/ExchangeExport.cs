using Dpse.Core.Channels;
using Dpse.Core.Deliveries;
using Dpse.Core.Events;
using Dpse.Core.Members;
using Dpse.Core.Stories;

namespace Dpse.Core.Exporting;

/// <summary>The whole exchange as one JSON document: what <c>export</c> writes and <c>import</c> reads, losslessly.</summary>
public sealed record ExchangeExport
{
    /// <summary>The format version; bumped when the shape changes incompatibly.</summary>
    public int FormatVersion { get; init; } = 1;

    /// <summary>When the export was made (UTC).</summary>
    public DateTimeOffset ExportedAt { get; init; }

    /// <summary>Every story, any status.</summary>
    public IReadOnlyList<Story> Stories { get; init; } = [];

    /// <summary>Every event, any status.</summary>
    public IReadOnlyList<CommunityEvent> Events { get; init; } = [];

    /// <summary>
    /// Every channel with a digest subscription or reminders on (with any delivery problem recorded), so a move keeps
    /// what each channel receives. Absent in files written before it was added: those import with none.
    /// </summary>
    public IReadOnlyList<ChannelSettings> Channels { get; init; } = [];

    /// <summary>
    /// Every member's own settings (reminders by direct message), so a move keeps who asked for them. Absent in files
    /// written before it was added: those import with none.
    /// </summary>
    public IReadOnlyList<MemberSettings> Members { get; init; } = [];

    /// <summary>
    /// The outbox, any status: what was sent keeps a moved exchange from planning and posting it again (a digest due
    /// within its grace, a reminder), and what was pending (with any unconfirmed attempt) is sent, or reconciled, by
    /// the new store. Absent in files written before it was added, and in the moderators' chat export.
    /// </summary>
    public IReadOnlyList<DeliveryRecord> Deliveries { get; init; } = [];
}
