using Dpse.Core.Identity;

namespace Dpse.Core.Channels;

/// <summary>What one channel receives: a weekly digest (when subscribed) and event reminders (when on).</summary>
public sealed record ChannelSettings
{
    /// <summary>The channel.</summary>
    public required ChannelRef Channel { get; init; }

    /// <summary>The weekly digest, or null when not subscribed.</summary>
    public DigestSubscription? Digest { get; init; }

    /// <summary>Whether event reminders are posted here.</summary>
    public bool RemindersOn { get; init; }

    /// <summary>Set when a delivery failed permanently (channel gone, bot removed); shown in <c>digest settings</c>.</summary>
    public string? DeliveryProblem { get; init; }

    /// <summary>When <see cref="DeliveryProblem"/> was recorded (UTC).</summary>
    public DateTimeOffset? DeliveryProblemAt { get; init; }

    /// <summary>When these settings last changed (UTC).</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
}
