using Dpse.Core.Identity;

namespace Dpse.Core.Stories;

/// <summary>One person celebrating a story, once. The time feeds the digest's "most celebrated this week".</summary>
public sealed record Celebration(ActorRef Person, DateTimeOffset At);
