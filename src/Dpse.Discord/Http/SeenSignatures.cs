namespace Dpse.Discord.Http;

/// <summary>Signatures accepted within the last <c>window</c>, so a replayed request is refused. Bounded: the oldest go first.</summary>
internal sealed class SeenSignatures(TimeProvider time, TimeSpan window)
{
    public const int Capacity = 100_000;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Signature, DateTimeOffset At)> _order = new();

    /// <summary>True the first time a signature is seen within the window.</summary>
    public bool TryAdd(string signature)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            while (_order.Count > 0 && (_order.Count >= Capacity || now - _order.Peek().At > window))
            {
                _seen.Remove(_order.Dequeue().Signature);
            }

            if (!_seen.Add(signature))
            {
                return false;
            }

            _order.Enqueue((signature, now));
            return true;
        }
    }
}
