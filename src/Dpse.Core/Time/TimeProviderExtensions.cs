namespace Dpse.Core.Time;

/// <summary>Clock helpers: the core reads time only from the injected <see cref="TimeProvider"/>.</summary>
public static class TimeProviderExtensions
{
    /// <summary>Now in UTC, truncated to milliseconds (what stores keep), so a value read back equals the one written.</summary>
    public static DateTimeOffset UtcNowMs(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
