using Dpse.Core.Deliveries;

namespace Dpse.Core.Tests.Deliveries;

public sealed class DigestGraceTests
{
    private static readonly DateTimeOffset Due = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(12);

    [Fact]
    public void MissedReason_ExactlyAtTheGrace_StillGoesOut() =>
        Assert.Null(DigestGrace.MissedReason(Due, Due + Grace, Grace));

    [Fact]
    public void MissedReason_JustBeyondTheGrace_SaysByHowMuch() =>
        Assert.Equal(
            "missed by 13 hours, more than the grace of 12 hours",
            DigestGrace.MissedReason(Due, Due + Grace + TimeSpan.FromHours(1), Grace));

    [Fact]
    public void MissedReason_OneTickBeyondTheGrace_IsMissed() =>
        Assert.NotNull(DigestGrace.MissedReason(Due, Due + Grace + TimeSpan.FromTicks(1), Grace));
}
