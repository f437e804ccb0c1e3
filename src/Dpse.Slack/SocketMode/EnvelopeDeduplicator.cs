namespace Dpse.Slack.SocketMode;

/// <summary>
/// Remembers envelope ids for <see cref="Window"/> so an envelope Slack retries (or delivers on two connections
/// during a refresh) is handled once. Bounded: the oldest ids go first.
/// </summary>
internal sealed class EnvelopeDeduplicator(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public const int Capacity = 20_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();

    /// <summary>True the first time an id is seen within the window.</summary>
    public bool TryBegin(string envelopeId)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            while (_order.Count > 0 && (_order.Count >= Capacity || now - _order.Peek().At > Window))
            {
                _seen.Remove(_order.Dequeue().Id);
            }

            if (_seen.ContainsKey(envelopeId))
            {
                return false;
            }

            _seen[envelopeId] = now;
            _order.Enqueue((envelopeId, now));
            return true;
        }
    }
}
